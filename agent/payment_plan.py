"""Payment-plan schedules, computed from the rules — never by a model."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from agent.drafters.base import PaymentPlan, PlanInstallment
from tools.rules import Rules

CENT = Decimal("0.01")
FIRST_PAYMENT_AFTER_DAYS = 7


def compute_payment_plan(total: Decimal, *, start: dt.date, rules: Rules, currency: str) -> PaymentPlan:
    """Split `total` into the most instalments the rules allow, the first at least the minimum share,
    the last no later than the maximum term; instalments sum to the total exactly."""
    if total <= 0:
        raise ValueError("a payment plan needs a positive total")
    count = rules.payment_plan_max_installments
    min_first = (total * rules.payment_plan_min_first_payment_pct / 100).quantize(CENT, rounding=ROUND_UP)
    equal = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    if equal >= min_first:
        rest = [equal] * (count - 1)
    else:
        rest_each = ((total - min_first) / (count - 1)).quantize(CENT, rounding=ROUND_DOWN)
        rest = [rest_each] * (count - 1)
    first = total - sum(rest, Decimal("0"))  # rounding leftovers go to the first instalment
    first_due = start + dt.timedelta(days=FIRST_PAYMENT_AFTER_DAYS)
    span = rules.payment_plan_max_term_days - FIRST_PAYMENT_AFTER_DAYS
    interval = min(30, span // (count - 1)) if count > 1 else 0
    amounts = [first, *rest]
    installments = [
        PlanInstallment(due_date=first_due + dt.timedelta(days=interval * i), amount=amount)
        for i, amount in enumerate(amounts)
    ]
    return PaymentPlan(installments=installments, total=total, currency=currency)
