"""How each demo customer pays: a habit drawn per account, and a payment delay drawn per invoice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random

BEHAVIOURS = ("early", "on_time", "slow", "chronic_late", "deteriorating", "partial")

# Share of each habit within a segment (weights, in BEHAVIOURS order).
SEGMENT_MIX: dict[str, tuple[float, ...]] = {
    "standard": (0.18, 0.40, 0.12, 0.14, 0.08, 0.08),
    "small_business": (0.10, 0.28, 0.14, 0.20, 0.12, 0.16),
    "high_risk": (0.0, 0.08, 0.12, 0.34, 0.24, 0.22),
    "strategic": (0.15, 0.45, 0.28, 0.12, 0.0, 0.0),
    "government": (0.0, 0.25, 0.60, 0.15, 0.0, 0.0),
}

LABELS = {
    "early": "pays early",
    "on_time": "pays on time",
    "slow": "pays a little late",
    "chronic_late": "chronically late",
    "deteriorating": "paying later and later",
    "partial": "pays in parts",
}


@dataclass(frozen=True, slots=True)
class Habit:
    """One customer's payment habit; delays are days after the due date."""

    behaviour: str
    mean_delay: float
    spread: float
    late_mean_delay: float  # for `deteriorating`: where the delay ends up
    onset: float  # for `deteriorating`: share of the history before it starts slipping
    never_pays: float  # chance an invoice is never paid
    payment_weekday: int | None  # AP pays in a weekly run on this weekday
    remits: bool  # sends a remittance advice with payments
    reply_rate: float  # how often a reminder gets a reply
    promise_rate: float  # how often an overdue invoice gets a promise to pay
    keep_rate: float  # how often a promise is kept


def draw_habit(rng: Random, segment: str) -> Habit:
    """A payment habit typical of the segment, with this customer's own centre and spread."""
    behaviour = rng.choices(BEHAVIOURS, weights=SEGMENT_MIX[segment])[0]
    risky = segment == "high_risk"
    mean, spread, never = {
        "early": (-rng.uniform(3, 12), 2.5, 0.0),
        "on_time": (rng.uniform(-3, 0.5), 2.0, 0.0),
        "slow": (rng.uniform(6, 24), 6.0, 0.002),
        "chronic_late": (rng.uniform(18, 55), 14.0, 0.03 if risky else 0.008),
        "deteriorating": (rng.uniform(-2, 5), 4.0, 0.0),
        "partial": (rng.uniform(10, 40), 12.0, 0.03 if risky else 0.01),
    }[behaviour]
    reply, promise, keep = {
        "early": (0.08, 0.1, 0.95),
        "on_time": (0.15, 0.25, 0.9),
        "slow": (0.25, 0.3, 0.75),
        "chronic_late": (0.35, 0.55, 0.6),
        "deteriorating": (0.3, 0.5, 0.5),
        "partial": (0.4, 0.4, 0.6),
    }[behaviour]
    return Habit(
        behaviour=behaviour,
        mean_delay=mean,
        spread=spread,
        late_mean_delay=rng.uniform(75, 130),
        onset=rng.uniform(0.25, 0.5),
        never_pays=never,
        payment_weekday=rng.choice((1, 3, 4)) if rng.random() < 0.4 else None,
        remits=rng.random() < 0.25,
        reply_rate=reply,
        promise_rate=promise,
        keep_rate=keep,
    )


def delay_days(habit: Habit, rng: Random, progress: float) -> int | None:
    """Days after the due date this invoice gets paid (None: never); `progress` is 0..1 through the history."""
    mean = habit.mean_delay
    never = habit.never_pays
    if habit.behaviour == "deteriorating" and progress > habit.onset:
        slip = (progress - habit.onset) / (1 - habit.onset)
        mean += (habit.late_mean_delay - mean) * slip
        never = 0.3 * slip if progress > 0.85 else 0.0
    if never and rng.random() < never:
        return None
    if habit.behaviour == "on_time" and rng.random() < 0.07:
        return rng.randint(5, 20)
    spread = habit.spread + (0.25 * mean if mean > 20 else 0)
    return round(rng.gauss(mean, spread))


def payment_day(habit: Habit, day: dt.date, *, not_before: dt.date | None = None) -> dt.date:
    """Move a payment onto a business day, or onto the customer's weekly payment run.

    Punctual customers put an invoice in the last run before it is due; the rest in the next run.
    """
    if habit.payment_weekday is not None:
        if habit.behaviour in ("early", "on_time"):
            earlier = day - dt.timedelta(days=(day.weekday() - habit.payment_weekday) % 7)
            if not_before is None or earlier >= not_before:
                return earlier
        return day + dt.timedelta(days=(habit.payment_weekday - day.weekday()) % 7)
    if day.weekday() >= 5:
        if habit.behaviour in ("early", "on_time") and (not_before is None or day - dt.timedelta(days=2) >= not_before):
            return day - dt.timedelta(days=day.weekday() - 4)
        return day + dt.timedelta(days=7 - day.weekday())
    return day


def predicted_late(habit: Habit) -> bool:
    """Whether a risk model would flag this customer's invoices as likely late."""
    return habit.behaviour in ("chronic_late", "deteriorating", "partial")
