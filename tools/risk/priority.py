"""Worklist priority: expected money at risk, weighted by age, promises and segment.

    invoice value at risk = undisputed balance × P(late) × age factor
    account priority      = Σ invoice value at risk × promise factor × segment weight

P(late) is the model's probability for the invoice as of the scoring day. For an invoice already
past due it reads as the customer's propensity to keep paying late, and the age factor carries
the urgency: the older a debt, the less likely it is ever collected.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

SEGMENT_WEIGHTS: dict[str, float] = {
    "strategic": 1.5,  # a key relationship: problems there cost more than the balance
    "government": 1.3,  # slow approval chains: start early
    "high_risk": 1.2,
    "standard": 1.0,
    "small_business": 1.0,
}
NOT_YET_DUE_FACTOR = 0.5  # nothing can be demanded yet; only the pre-due courtesy path applies
AGE_STEP_DAYS = 30  # each month past due adds the invoice's value once more...
AGE_CAP_DAYS = 120  # ...up to four months, after which it is a write-off question, not a queue one
PENDING_PROMISE_FACTOR = 0.4  # a pending promise to pay covers most of the urgency until its date
BROKEN_PROMISE_STEP = 0.25  # each broken promise adds a quarter, up to double
MAX_BROKEN_PROMISE_FACTOR = 2.0


class PriorityItem(BaseModel):
    """One open invoice as the priority sees it."""

    balance: Decimal
    probability_late: float
    days_past_due: int
    disputed: bool = False


def age_factor(days_past_due: int) -> float:
    """1 on the due date, rising by 1 per 30 days past due up to 5; 0.5 before the due date."""
    if days_past_due <= 0:
        return NOT_YET_DUE_FACTOR
    return 1.0 + min(days_past_due, AGE_CAP_DAYS) / AGE_STEP_DAYS


def value_at_risk(item: PriorityItem) -> Decimal:
    """Undisputed balance × P(late): the money expected to come in late or not at all."""
    if item.disputed:
        return Decimal("0.00")
    return (item.balance * Decimal(str(round(item.probability_late, 6)))).quantize(Decimal("0.01"))


def account_priority(
    items: list[PriorityItem], *, segment: str, pending_promise: bool, broken_promises: int
) -> Decimal:
    """Priority of an account: value at risk by age, then promise and segment adjustments."""
    score = sum(float(value_at_risk(item)) * age_factor(item.days_past_due) for item in items)
    if pending_promise:
        score *= PENDING_PROMISE_FACTOR
    score *= min(1.0 + BROKEN_PROMISE_STEP * broken_promises, MAX_BROKEN_PROMISE_FACTOR)
    score *= SEGMENT_WEIGHTS.get(segment, 1.0)
    return Decimal(str(round(score, 4)))
