"""Payment-plan limits: instalment count, first payment, term; and the plan's own arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_UP, Decimal

from agent.checks.base import CheckResult, failed, passed
from agent.drafters.base import PaymentPlan
from prompts.environment import money
from tools.rules import Rules

RULE = "payment_plan_within_limits"
CENT = Decimal("0.01")


def plan_limit_problems(plan: PaymentPlan, *, rules: Rules, start: dt.date) -> list[str]:
    """Where the plan goes past the manager's limits (a manager may approve these)."""
    problems = []
    count = len(plan.installments)
    if count > rules.payment_plan_max_installments:
        problems.append(f"{count} instalments, more than the limit of {rules.payment_plan_max_installments}")
    if plan.installments:
        first = plan.installments[0].amount
        minimum = plan.total * rules.payment_plan_min_first_payment_pct / Decimal(100)
        if first < minimum:
            problems.append(
                f"first instalment {money(first)} is below {rules.payment_plan_min_first_payment_pct}% "
                f"of the total ({money(minimum.quantize(CENT, rounding=ROUND_UP))})"
            )
        last_allowed = start + dt.timedelta(days=rules.payment_plan_max_term_days)
        last = plan.installments[-1].due_date
        if last > last_allowed:
            problems.append(
                f"last instalment due {last.isoformat()}, after the {rules.payment_plan_max_term_days}-day "
                f"limit ({last_allowed.isoformat()})"
            )
    return problems


def plan_integrity_problems(plan: PaymentPlan, *, start: dt.date) -> list[str]:
    """Where the plan is wrong in itself (no approval can fix these)."""
    if not plan.installments:
        return ["the plan has no instalments"]
    problems = []
    amounts = [i.amount for i in plan.installments]
    total = sum(amounts, Decimal("0"))
    if total != plan.total:
        problems.append(f"instalments sum to {money(total)}, not the plan total {money(plan.total)}")
    if any(a <= 0 for a in amounts):
        problems.append("every instalment must be a positive amount")
    if any(a != a.quantize(CENT) for a in amounts):
        problems.append("instalment amounts must be whole cents")
    dates = [i.due_date for i in plan.installments]
    if any(later <= earlier for earlier, later in zip(dates, dates[1:], strict=False)):
        problems.append("instalment due dates must be strictly increasing")
    if dates[0] < start:
        problems.append(f"first instalment due {dates[0].isoformat()}, before today ({start.isoformat()})")
    return problems


def plan_within_limits(plan: PaymentPlan | None, *, rules: Rules, start: dt.date) -> bool:
    """Whether the plan (if any) stays within the limits; what the approval rule reads."""
    return plan is None or not plan_limit_problems(plan, rules=rules, start=start)


def check_payment_plan(
    plan: PaymentPlan | None, *, action: str, rules: Rules, start: dt.date, manager_approved: bool
) -> CheckResult:
    """HARD: the plan adds up and stays within the limits (or a manager approved going past them)."""
    if plan is None:
        if action == "offer_payment_plan":
            return failed(RULE, "hard", "offer_payment_plan without a computed payment plan")
        return passed(RULE, "hard", "no payment plan")
    broken = plan_integrity_problems(plan, start=start)
    past_limits = plan_limit_problems(plan, rules=rules, start=start)
    if broken:
        return failed(RULE, "hard", "; ".join(broken + past_limits))
    if past_limits and not manager_approved:
        return failed(RULE, "hard", "past the limits, needs manager approval: " + "; ".join(past_limits))
    if past_limits:
        return passed(RULE, "hard", "past the limits, approved by a manager: " + "; ".join(past_limits))
    count = len(plan.installments)
    return passed(RULE, "hard", f"{count} instalments totalling {money(plan.total)} {plan.currency}, within limits")
