"""Portfolio metrics for managers: aging, DSO, collections after contact, queue throughput, review quality."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Date, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tools.drafts import status_counts
from tools.models import CreditNote, Draft, Invoice, OutboxMessage, Payment, PaymentAllocation, Review
from tools.rules import TIERS, tier_rank

ZERO = Decimal("0.00")


class AgingBuckets(BaseModel):
    """Open balance by days past due."""

    current: Decimal = ZERO
    days_1_30: Decimal = ZERO
    days_31_60: Decimal = ZERO
    days_61_90: Decimal = ZERO
    over_90: Decimal = ZERO
    total: Decimal = ZERO


class AgingSnapshot(BaseModel):
    """The portfolio's aging as the ledger stood at one month-end."""

    month_end: dt.date
    buckets: AgingBuckets


class TierCollection(BaseModel):
    """Payments that followed sent messages of one tier within the window."""

    tier: str
    drafts_sent: int
    drafts_followed_by_payment: int
    collected: Decimal
    rate: float


class DayThroughput(BaseModel):
    day: dt.date
    created: int
    decided: int


class Metrics(BaseModel):
    """Everything the manager's metrics page shows."""

    as_of: dt.date
    aging_now: AgingBuckets
    aging_history: list[AgingSnapshot]
    dso_days: float | None
    dso_window_days: int
    collection_window_days: int
    collected_after_contact: list[TierCollection]
    throughput: list[DayThroughput]
    approved_drafts: int
    approval_without_edit_rate: float | None
    average_edit_distance: float | None
    reject_reasons: dict[str, int]
    status_counts: dict[str, int]


def _bucket(days_past_due: int) -> str:
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "days_1_30"
    if days_past_due <= 60:
        return "days_31_60"
    if days_past_due <= 90:
        return "days_61_90"
    return "over_90"


def aging_of(balances: Iterable[tuple[dt.date, Decimal]], *, on: dt.date) -> AgingBuckets:
    """Bucket (due date, open balance) pairs by days past due on `on`; zero balances are skipped."""
    sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for due, balance in balances:
        if balance > 0:
            sums[_bucket((on - due).days)] += balance
    return AgingBuckets(**sums, total=sum(sums.values(), ZERO))


def _balance_on(day: dt.date) -> ColumnElement[Decimal]:
    # tools.ledger derives today's balance; history needs the same formula cut off at a date, so
    # payments and credit notes count only from the day they were received or issued.
    paid = (select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.invoice_id == Invoice.id, Payment.received_on <= day)
            .correlate(Invoice).scalar_subquery())
    credited = (select(func.coalesce(func.sum(CreditNote.amount), 0))
                .where(CreditNote.invoice_id == Invoice.id, CreditNote.issued_on <= day)
                .correlate(Invoice).scalar_subquery())
    return Invoice.amount - paid - credited


def aging_on(session: Session, *, on: dt.date) -> AgingBuckets:
    """The portfolio's aging as the ledger stood at the end of `on`."""
    rows = session.execute(select(Invoice.due_date, _balance_on(on)).where(Invoice.issue_date <= on))
    return aging_of(((due, Decimal(b)) for due, b in rows), on=on)


def month_ends(before: dt.date, months: int) -> list[dt.date]:
    """The last `months` month-ends strictly before `before`, oldest first."""
    ends, cursor = [], before.replace(day=1) - dt.timedelta(days=1)
    for _ in range(months):
        ends.append(cursor)
        cursor = cursor.replace(day=1) - dt.timedelta(days=1)
    return ends[::-1]


def aging_history(session: Session, *, before: dt.date, months: int = 12) -> list[AgingSnapshot]:
    """Aging at each of the last `months` month-ends, computed from the ledger."""
    return [AgingSnapshot(month_end=d, buckets=aging_on(session, on=d)) for d in month_ends(before, months)]


def days_sales_outstanding(session: Session, *, on: dt.date, window_days: int = 90) -> float | None:
    """DSO: open receivables ÷ invoiced in the last `window_days` × `window_days`; None without sales."""
    sales = session.scalar(select(func.coalesce(func.sum(Invoice.amount), 0)).where(
        Invoice.issue_date > on - dt.timedelta(days=window_days), Invoice.issue_date <= on))
    if not sales:
        return None
    return round(float(aging_on(session, on=on).total / Decimal(sales) * window_days), 1)


def collected_after_contact(session: Session, *, window_days: int = 14) -> list[TierCollection]:
    """Per tier: payments received within `window_days` after a sent draft; each payment counts once,
    for the latest message sent to that customer before it."""
    sent_on = func.coalesce(OutboxMessage.sent_at, Draft.decided_at, Draft.created_at)
    sent = session.execute(
        select(Draft.id, Draft.customer_id, Draft.tier, cast(sent_on, Date))
        .outerjoin(OutboxMessage, OutboxMessage.draft_id == Draft.id)
        .where(Draft.status == "sent", Draft.tier.is_not(None))
        .order_by(sent_on)
    ).all()
    by_customer: dict[int, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for draft_id, customer_id, tier, day in sent:
        by_customer[customer_id].append((day, draft_id, str(tier)))
    followed: dict[int, Decimal] = {}
    if by_customer:
        payments = session.execute(select(Payment.customer_id, Payment.received_on, Payment.amount)
                                   .where(Payment.customer_id.in_(list(by_customer))))
        for customer_id, received, amount in payments:
            sends = by_customer[customer_id]
            index = bisect.bisect_right([s[0] for s in sends], received) - 1
            if index >= 0 and (received - sends[index][0]).days <= window_days:
                draft_id = sends[index][1]
                followed[draft_id] = followed.get(draft_id, ZERO) + amount
    tiers: dict[str, list[int]] = defaultdict(list)
    for draft_id, _, tier, _ in sent:
        tiers[str(tier)].append(draft_id)
    out = []
    for tier in sorted(tiers, key=lambda t: (t not in TIERS, tier_rank(t))):  # cadence order, unknown last
        ids = tiers[tier]
        paid = [i for i in ids if i in followed]
        out.append(TierCollection(tier=tier, drafts_sent=len(ids), drafts_followed_by_payment=len(paid),
                                  collected=sum((followed[i] for i in paid), ZERO), rate=len(paid) / len(ids)))
    return out


def _utc_day(column: InstrumentedAttribute[dt.datetime]) -> ColumnElement[dt.date]:
    return cast(func.timezone("UTC", column), Date)


def queue_throughput(session: Session, *, until: dt.date, days: int = 30) -> list[DayThroughput]:
    """Drafts created and drafts decided (approved, rejected or snoozed) per UTC day."""
    start = until - dt.timedelta(days=days - 1)
    created_day = _utc_day(Draft.created_at)
    created = dict(session.execute(select(created_day, func.count()).where(created_day.between(start, until))
                                   .group_by(created_day)).tuples().all())
    decided_day = _utc_day(Review.at)
    decided = dict(session.execute(
        select(decided_day, func.count(func.distinct(Review.draft_id)))
        .where(Review.decision.in_(("approve", "reject", "snooze")), decided_day.between(start, until))
        .group_by(decided_day)).tuples().all())
    return [DayThroughput(day=d, created=created.get(d, 0), decided=decided.get(d, 0))
            for d in (start + dt.timedelta(days=i) for i in range(days))]


def review_quality(session: Session) -> tuple[int, float | None, float | None, dict[str, int]]:
    """Approved drafts, the share approved without an edit, the mean edit distance, and reject reasons."""
    approved = set(session.scalars(select(Review.draft_id).where(Review.decision == "approve")))
    edited = set(session.scalars(select(Review.draft_id).where(Review.decision == "edit")))
    rate = len(approved - edited) / len(approved) if approved else None
    mean = session.scalar(select(func.avg(Review.edit_distance)).where(Review.decision == "edit",
                                                                      Review.edit_distance.is_not(None)))
    reasons = {str(code or "unspecified"): int(n) for code, n in session.execute(
        select(Review.reason_code, func.count()).where(Review.decision == "reject").group_by(Review.reason_code))}
    return len(approved), rate, float(mean) if mean is not None else None, reasons


def portfolio_metrics(
    session: Session, *, as_of: dt.date, months: int = 12, dso_window_days: int = 90,
    collection_window_days: int = 14, throughput_days: int = 30,
) -> Metrics:
    """All manager metrics as of a date."""
    approved, rate, mean_distance, reasons = review_quality(session)
    return Metrics(
        as_of=as_of,
        aging_now=aging_on(session, on=as_of),
        aging_history=aging_history(session, before=as_of, months=months),
        dso_days=days_sales_outstanding(session, on=as_of, window_days=dso_window_days),
        dso_window_days=dso_window_days,
        collection_window_days=collection_window_days,
        collected_after_contact=collected_after_contact(session, window_days=collection_window_days),
        throughput=queue_throughput(session, until=as_of, days=throughput_days),
        approved_drafts=approved,
        approval_without_edit_rate=rate,
        average_edit_distance=mean_distance,
        reject_reasons=reasons,
        status_counts=status_counts(session),
    )
