"""Payment plans: within the manager's limits, and correct in themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from agent.checks.plan import check_payment_plan, plan_within_limits
from agent.drafters.base import PaymentPlan
from tests.agent.checks.builders import plan_of
from tools.rules import Rules

TODAY = dt.date(2026, 11, 18)
RULES = Rules()  # at most 3 instalments, first at least 25 %, last within 90 days


def check(plan: PaymentPlan | None, *, approved: bool = False, action: str = "offer_payment_plan") -> tuple[bool, str]:
    result = check_payment_plan(plan, action=action, rules=RULES, start=TODAY, manager_approved=approved)
    assert (result.rule, result.severity) == ("payment_plan_within_limits", "hard")
    return result.passed, result.detail


GOOD = plan_of(
    (dt.date(2026, 11, 25), "3000.00"), (dt.date(2026, 12, 25), "3000.00"), (dt.date(2027, 1, 24), "3000.00")
)


def test_payment_plan_within_limits_passes_a_plan_the_rules_allow() -> None:
    assert check(GOOD) == (True, "3 instalments totalling 9,000.00 USD, within limits")


def test_payment_plan_within_limits_fails_too_many_instalments() -> None:
    plan = plan_of(*[(TODAY + dt.timedelta(days=7 + 20 * i), "2250.00") for i in range(4)])
    passed, detail = check(plan)
    assert not passed and "4 instalments, more than the limit of 3" in detail


def test_payment_plan_within_limits_compares_the_first_payment_exactly() -> None:
    # 25 % of 1,000.01 is 250.0025: 250.00 is short by a fraction of a cent, 250.01 is enough.
    short = plan_of((dt.date(2026, 11, 25), "250.00"), (dt.date(2026, 12, 25), "750.01"))
    enough = plan_of((dt.date(2026, 11, 25), "250.01"), (dt.date(2026, 12, 25), "750.00"))
    passed, detail = check(short)
    assert not passed and "first instalment 250.00 is below 25% of the total (250.01)" in detail
    assert check(enough)[0]


def test_payment_plan_within_limits_fails_a_term_past_the_limit() -> None:
    plan = plan_of((dt.date(2026, 11, 25), "4500.00"), (dt.date(2027, 2, 17), "4500.00"))
    passed, detail = check(plan)
    assert not passed and "last instalment due 2027-02-17, after the 90-day limit (2027-02-16)" in detail
    assert check(plan_of((dt.date(2026, 11, 25), "4500.00"), (dt.date(2027, 2, 16), "4500.00")))[0]


def test_payment_plan_within_limits_lets_a_manager_approve_a_plan_past_the_limits() -> None:
    plan = plan_of(*[(TODAY + dt.timedelta(days=7 + 20 * i), "2250.00") for i in range(4)])
    passed, detail = check(plan, approved=True)
    assert passed and detail.startswith("past the limits, approved by a manager")
    assert not plan_within_limits(plan, rules=RULES, start=TODAY)


def test_payment_plan_within_limits_fails_instalments_that_do_not_sum_to_the_total_even_if_approved() -> None:
    plan = plan_of((dt.date(2026, 11, 25), "4500.00"), (dt.date(2026, 12, 25), "4499.99"), total="9000.00")
    passed, detail = check(plan, approved=True)
    assert not passed and detail == "instalments sum to 8,999.99, not the plan total 9,000.00"


def test_payment_plan_within_limits_fails_dates_that_do_not_increase() -> None:
    plan = plan_of((dt.date(2026, 12, 25), "4500.00"), (dt.date(2026, 12, 25), "4500.00"))
    passed, detail = check(plan)
    assert not passed and "strictly increasing" in detail


def test_payment_plan_within_limits_fails_a_first_due_date_in_the_past() -> None:
    plan = plan_of((dt.date(2026, 11, 1), "4500.00"), (dt.date(2026, 12, 25), "4500.00"))
    assert not check(plan)[0]


def test_payment_plan_within_limits_fails_an_offer_without_a_plan() -> None:
    assert check(None) == (False, "offer_payment_plan without a computed payment plan")
    assert check(None, action="send_reminder") == (True, "no payment plan")


def test_payment_plan_within_limits_fails_an_empty_plan() -> None:
    assert not check(PaymentPlan(installments=[], total=Decimal("0")))[0]
