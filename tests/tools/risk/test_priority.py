"""Worklist priority: bigger, riskier and older debts come first; disputes and promises adjust."""

from __future__ import annotations

from decimal import Decimal

from tools.risk.priority import PriorityItem, account_priority, age_factor, value_at_risk


def _priority(
    balance: str = "1000.00",
    p: float = 0.5,
    days: int = 10,
    *,
    disputed: bool = False,
    segment: str = "standard",
    pending: bool = False,
    broken: int = 0,
) -> Decimal:
    item = PriorityItem(balance=Decimal(balance), probability_late=p, days_past_due=days, disputed=disputed)
    return account_priority([item], segment=segment, pending_promise=pending, broken_promises=broken)


def test_bigger_riskier_and_older_each_rank_higher() -> None:
    base = _priority()
    assert _priority(balance="5000.00") > base
    assert _priority(p=0.9) > base
    assert _priority(days=60) > base
    assert _priority(days=-5) < base  # not yet due: only the courtesy path


def test_disputed_amounts_carry_no_priority() -> None:
    assert _priority(disputed=True) == Decimal("0")
    disputed = PriorityItem(balance=Decimal("90000.00"), probability_late=0.9, days_past_due=80, disputed=True)
    small = PriorityItem(balance=Decimal("100.00"), probability_late=0.5, days_past_due=10)
    together = account_priority([disputed, small], segment="standard", pending_promise=False, broken_promises=0)
    assert together == account_priority([small], segment="standard", pending_promise=False, broken_promises=0)


def test_a_pending_promise_lowers_and_broken_promises_raise_priority() -> None:
    assert _priority(pending=True) < _priority()
    assert _priority(broken=2) > _priority(broken=1) > _priority()


def test_strategic_and_government_accounts_weigh_more() -> None:
    assert _priority(segment="strategic") > _priority(segment="government") > _priority(segment="standard")


def test_value_at_risk_is_exact_money() -> None:
    item = PriorityItem(balance=Decimal("1234.56"), probability_late=0.25, days_past_due=3)
    assert value_at_risk(item) == Decimal("308.64")
    assert isinstance(value_at_risk(item), Decimal)


def test_age_factor_caps_at_four_months() -> None:
    assert age_factor(0) == 0.5
    assert age_factor(30) == 2.0
    assert age_factor(120) == age_factor(400) == 5.0
