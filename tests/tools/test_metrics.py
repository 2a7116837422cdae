"""Portfolio metrics computed from the ledger, drafts and reviews."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from tests.factories import make_customer, make_invoice, make_payment
from tools.metrics import aging_of, collected_after_contact, month_ends, queue_throughput
from tools.models import Draft, OutboxMessage, Review

SENT = dt.datetime(2026, 10, 1, 14, 0, tzinfo=dt.UTC)


def sent_draft(session: Session, customer_id: int, tier: str, at: dt.datetime) -> Draft:
    draft = Draft(customer_id=customer_id, thread_id=f"t-{customer_id}-{tier}-{at:%j}", status="sent",
                  action="send_reminder", tier=tier, as_of=at, created_at=at, decided_at=at)
    session.add(draft)
    session.flush()
    session.add(OutboxMessage(draft_id=draft.id, idempotency_key=f"k-{draft.id}", recipient="a@b.example",
                              subject="s", body="b", status="sent", sent_at=at))
    session.flush()
    return draft


def test_payments_count_once_for_the_latest_message_within_the_window(session: Session) -> None:
    customer = make_customer(session)
    invoice = make_invoice(session, customer, amount=Decimal("1000.00"))
    sent_draft(session, customer.id, "T1", SENT)
    sent_draft(session, customer.id, "T2", SENT + dt.timedelta(days=10))
    quiet = make_customer(session)
    sent_draft(session, quiet.id, "T1", SENT)
    make_payment(session, invoice, Decimal("100.00"), on=dt.date(2026, 10, 5))   # after T1, within 14 days
    make_payment(session, invoice, Decimal("200.00"), on=dt.date(2026, 10, 12))  # after T2: counts for T2 only
    make_payment(session, invoice, Decimal("300.00"), on=dt.date(2026, 11, 30))  # too late for either
    result = {r.tier: r for r in collected_after_contact(session, window_days=14)}
    assert list(result) == ["T1", "T2"]
    assert (result["T1"].drafts_sent, result["T1"].drafts_followed_by_payment, result["T1"].collected) == (
        2, 1, Decimal("100.00"))
    assert result["T1"].rate == 0.5
    assert (result["T2"].drafts_followed_by_payment, result["T2"].collected) == (1, Decimal("200.00"))


def test_throughput_counts_created_and_decided_drafts_per_utc_day(session: Session) -> None:
    customer = make_customer(session)
    day = dt.datetime(2026, 11, 17, 23, 30, tzinfo=dt.UTC)
    first = Draft(customer_id=customer.id, thread_id="a", action="send_reminder", as_of=day, created_at=day)
    second = Draft(customer_id=customer.id, thread_id="b", action="send_reminder", as_of=day,
                   created_at=day + dt.timedelta(hours=1))
    session.add_all([first, second])
    session.flush()
    session.add_all([
        Review(draft_id=first.id, decision="edit", actor="c", at=day + dt.timedelta(hours=2)),
        Review(draft_id=first.id, decision="approve", actor="c", at=day + dt.timedelta(hours=2)),
        Review(draft_id=second.id, decision="reject", actor="c", at=day + dt.timedelta(hours=3), reason_code="tone"),
    ])
    session.flush()
    rows = queue_throughput(session, until=dt.date(2026, 11, 18), days=3)
    assert [(r.day.isoformat(), r.created, r.decided) for r in rows] == [
        ("2026-11-16", 0, 0), ("2026-11-17", 1, 0), ("2026-11-18", 1, 2)]


def test_aging_buckets_and_month_ends() -> None:
    on = dt.date(2026, 11, 18)
    buckets = aging_of([(dt.date(2026, 11, 18), Decimal("1")), (dt.date(2026, 11, 17), Decimal("2")),
                        (dt.date(2026, 10, 18), Decimal("4")), (dt.date(2026, 8, 20), Decimal("8")),
                        (dt.date(2026, 8, 19), Decimal("16")), (dt.date(2026, 1, 1), Decimal("0"))], on=on)
    assert (buckets.current, buckets.days_1_30, buckets.days_31_60, buckets.days_61_90, buckets.over_90) == (
        Decimal("1"), Decimal("2"), Decimal("4"), Decimal("8"), Decimal("16"))
    assert buckets.total == Decimal("31")
    assert month_ends(dt.date(2026, 3, 1), 3) == [dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 2, 28)]
