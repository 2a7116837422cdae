"""What happens to each invoice's money: payments, instalments, credit notes, disputes and promises.

A story is planned in full, even past `as_of`; the scenario then shows only what happened before
the customer's `as_of` day, so an invoice paid next month is simply open today.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from random import Random

from tools.demo.accounts import AccountPlan, InvoicePlan
from tools.demo.behaviours import delay_days, payment_day
from tools.demo.disputes import DISPUTE_KINDS, ROUTINE_CREDITS

DAY = dt.timedelta(days=1)
DISPUTE_RATE = {"standard": 0.03, "small_business": 0.03, "high_risk": 0.05, "strategic": 0.04, "government": 0.02}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(slots=True)
class CreditStory:
    number: str
    day: dt.date
    cents: int
    reason: str


@dataclass(slots=True)
class DisputeStory:
    kind: str
    opened: dt.date
    resolved: dt.date
    outcome: str
    reason: str
    slots: dict[str, str]
    credit: CreditStory | None
    po_added: str | None


@dataclass(slots=True)
class PromiseStory:
    recorded: dt.date
    promised: dt.date
    cents: int
    by_phone: bool


@dataclass(slots=True, eq=False)
class InvoiceStory:
    plan: InvoicePlan
    payments: list[tuple[dt.date, int]] = field(default_factory=list)
    credits: list[CreditStory] = field(default_factory=list)
    dispute: DisputeStory | None = None
    promises: list[PromiseStory] = field(default_factory=list)
    instalments: bool = False
    plan_requested: dt.date | None = None
    # (days, running total settled) once the money events are final; see `seal`
    _days: list[dt.date] = field(default_factory=list)
    _running: list[int] = field(default_factory=list)
    settled: dt.date | None = None

    def seal(self) -> InvoiceStory:
        """Index the payments and credits so balances on a day are a binary search."""
        events = sorted([(d, c) for d, c in self.payments] + [(c.day, c.cents) for c in self.credits])
        total = 0
        self._days, self._running = [], []
        for day, cents in events:
            total += cents
            self._days.append(day)
            self._running.append(total)
            if total >= self.plan.cents and self.settled is None:
                self.settled = day
        return self

    def settled_cents(self, before: dt.date) -> int:
        """Paid and credited strictly before `before`."""
        i = bisect_left(self._days, before)
        return self._running[i - 1] if i else 0

    def open_cents(self, on: dt.date) -> int:
        """Open balance at the start of day `on`."""
        return self.plan.cents - self.settled_cents(on)

    def settled_on(self) -> dt.date | None:
        """The day the balance reaches zero, if it ever does (possibly after as_of)."""
        return self.settled

    def paid_between(self, after: dt.date, until: dt.date, before: dt.date) -> int:
        """Payments dated after `after`, up to `until`, and known before `before`."""
        return sum(c for d, c in self.payments if after < d <= until and d < before)


def _business(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


class CreditNumbers:
    """Credit note numbers for one account: CN-<customer>-01, -02, ..."""

    def __init__(self, account: AccountPlan) -> None:
        self._prefix = f"CN-{account.customer_id.removeprefix('C-')}"
        self._next = 1

    def take(self) -> str:
        number = f"{self._prefix}-{self._next:02d}"
        self._next += 1
        return number


def _dispute(
    rng: Random,
    account: AccountPlan,
    inv: InvoicePlan,
    kind: str,
    invoices: list[InvoicePlan],
    numbers: CreditNumbers,
) -> tuple[DisputeStory, int]:
    """The dispute and the share of the invoice it is about (in cents)."""
    spec = DISPUTE_KINDS[kind]
    amount = inv.cents
    ordered = rng.choice((10, 12, 20, 24, 40, 48, 50, 60, 100, 120, 200))
    missing = rng.randint(1, max(1, ordered // 5))
    unit = rng.randint(4, 400) * 100 + rng.choice((0, 50, 95, 99))
    pct = rng.uniform(0.04, 0.15)
    slots = {
        "po": inv.po or "(none)",
        "ordered": str(ordered),
        "received": str(ordered - missing),
        "missing": str(missing),
        "damaged": str(missing),
        "returned": str(missing),
        "price_invoiced": f"{unit / 100:,.2f}",
        "price_po": f"{unit * (1 - pct) / 100:,.2f}",
        "other_invoice": invoices[inv.duplicate_of].number if inv.duplicate_of is not None else "",
        "month": MONTHS[(inv.issue.month - 2) % 12],
        "rma": f"RMA-{rng.randint(10000, 99999)}",
        "po_ref": f" (PO {inv.po})" if inv.po else "",
    }
    disputed = {
        "short_shipment": amount * missing // ordered,
        "damaged_goods": amount * missing // ordered,
        "pricing_mismatch": round(amount * pct),
        "duplicate_billing": amount,
        "service_not_rendered": amount,
        "missing_po": 0,
    }[kind]
    if kind == "duplicate_billing":
        opened = inv.issue + dt.timedelta(days=rng.randint(2, 12))
    elif kind == "missing_po":
        opened = inv.issue + dt.timedelta(days=rng.randint(5, max(6, min(account.terms, 25))))
    else:
        opened = inv.issue + dt.timedelta(days=rng.randint(3, max(6, account.terms + 10)))
    opened = _business(opened)
    roll = rng.random()  # most disputes close within a month, some drag on for a quarter or more
    takes = rng.randint(6, 30) if roll < 0.55 else rng.randint(30, 75) if roll < 0.88 else rng.randint(75, 150)
    resolved = _business(opened + dt.timedelta(days=takes))
    outcome = rng.choices([o for o, _ in spec.outcomes], weights=[w for _, w in spec.outcomes])[0]
    credit = None
    if outcome == "credit" and kind == "service_not_rendered":
        disputed = amount // 2
    if outcome in ("credit", "full_credit") and disputed > 0:
        credit = CreditStory(numbers.take(), resolved, min(disputed, amount), spec.credit_reason.format(**slots))
    po_added = None
    if kind == "missing_po":
        po_added = f"PO-{inv.issue.year}-{rng.randint(1000, 9999)}"
        slots["po"] = po_added
    reasons = [r for r in spec.reasons if inv.po or "{po}" not in r] or list(spec.reasons)
    story = DisputeStory(kind, opened, resolved, outcome, rng.choice(reasons).format(**slots), slots, credit, po_added)
    return story, disputed


def invoice_story(
    rng: Random,
    account: AccountPlan,
    inv: InvoicePlan,
    invoices: list[InvoicePlan],
    numbers: CreditNumbers,
    today: dt.date,
) -> InvoiceStory:
    """The planned money story of one invoice."""
    habit = account.habit
    story = InvoiceStory(inv)
    delay = delay_days(habit, rng, inv.progress)
    pay = None
    if delay is not None:
        pay = payment_day(habit, max(inv.issue + DAY, inv.due + dt.timedelta(days=delay)), not_before=inv.issue + DAY)

    kind = None
    if inv.duplicate_of is not None:
        kind = "duplicate_billing"
    elif inv.po is None and account.requires_po:
        kind = "missing_po" if rng.random() < 0.8 else None
    elif rng.random() < DISPUTE_RATE[account.segment]:
        choices = (
            ("short_shipment", "damaged_goods", "pricing_mismatch")
            if account.company.kind == "goods"
            else ("service_not_rendered", "pricing_mismatch", "pricing_mismatch")
        )
        kind = rng.choice(choices)

    if kind is not None:
        dispute, disputed = _dispute(rng, account, inv, kind, invoices, numbers)
        story.dispute = dispute
        credited = dispute.credit.cents if dispute.credit else 0
        if dispute.credit:
            story.credits.append(dispute.credit)
        if credited >= inv.cents:
            return story.seal()
        if 0 < disputed < inv.cents and pay is not None and pay < dispute.resolved and rng.random() < 0.45:
            story.payments.append((pay, inv.cents - disputed))  # short-paid the undisputed part
            if credited < disputed:
                later = payment_day(habit, dispute.resolved + dt.timedelta(days=rng.randint(3, 20)))
                story.payments.append((later, disputed - credited))
        elif pay is not None:
            final = max(pay, dispute.resolved + dt.timedelta(days=rng.randint(2, 15)))
            story.payments.append((payment_day(habit, final), inv.cents - credited))
        return story.seal()

    credited = 0
    if rng.random() < 0.035:
        goods = account.company.kind == "goods"
        reason, lo, hi, _ = rng.choice([c for c in ROUTINE_CREDITS if goods or not c[3]])
        cents = max(100, round(inv.cents * rng.uniform(lo, hi)))
        day = _business(inv.issue + dt.timedelta(days=rng.randint(2, 20)))
        if pay is not None and day >= pay:
            day = pay - DAY
        if day > inv.issue and cents < inv.cents:
            slots = {"returned": str(rng.randint(2, 30)), "rma": f"RMA-{rng.randint(10000, 99999)}"}
            story.credits.append(CreditStory(numbers.take(), day, cents, reason.format(**slots)))
            credited = cents
    remaining = inv.cents - credited

    if habit.behaviour == "partial" and remaining >= 60_000 and rng.random() < 0.6:
        story.instalments = True
        parts = rng.choice((2, 3, 3))
        first_day = payment_day(habit, max(inv.issue + DAY, inv.due + dt.timedelta(days=rng.randint(-2, 15))))
        if rng.random() < 0.3:  # most part-payments just arrive; sometimes the customer asks first
            asked = _business(min(first_day, inv.due + DAY) - dt.timedelta(days=rng.randint(3, 10)))
            story.plan_requested = asked if asked > inv.issue else None
        left, day = remaining, first_day
        for k in range(parts):
            cents = left if k == parts - 1 else max(100, round(left * rng.uniform(0.3, 0.55) / 100) * 100)
            if k == parts - 1 and delay is None:
                break  # the last instalment never comes
            story.payments.append((day, cents))
            left -= cents
            day = payment_day(habit, day + dt.timedelta(days=rng.randint(14, 35)))
    elif pay is not None:
        story.payments.append((pay, remaining))

    story.seal()
    _promises(rng, account, story, today)
    return story


def _promises(rng: Random, account: AccountPlan, story: InvoiceStory, today: dt.date) -> None:
    habit = account.habit
    settled = story.settled_on()
    inv = story.plan
    if story.instalments or (settled is not None and settled <= inv.due + dt.timedelta(days=7)):
        return
    t = inv.due + dt.timedelta(days=rng.randint(4, 15))
    if settled is not None:  # promises tend to come once the money is nearly ready
        t = max(t, settled - dt.timedelta(days=rng.randint(5, 40)))
    for n in range(3):
        if t >= today or (settled is not None and t >= settled):
            return
        if rng.random() >= (habit.promise_rate if n == 0 else 0.35):
            return
        recorded = _business(t)
        if recorded >= today:
            return
        balance = story.open_cents(recorded + DAY)
        if balance <= 0:
            return  # paid the same day: nothing left to promise
        following = [(d, c) for d, c in story.payments if d > recorded]
        by_phone = rng.random() < 0.35
        if following and (following[0][0] - recorded).days <= 30 and rng.random() < habit.keep_rate:
            promised = following[0][0] + dt.timedelta(days=rng.randint(0, 3))
            story.promises.append(PromiseStory(recorded, promised, following[0][1], by_phone))
            return
        promised = recorded + dt.timedelta(days=rng.randint(3, 14))
        if following and following[0][0] <= promised:
            promised = following[0][0] - DAY
            if promised <= recorded:
                return
        story.promises.append(PromiseStory(recorded, promised, balance, by_phone))
        t = promised + dt.timedelta(days=rng.randint(2, 10))
