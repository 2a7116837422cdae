"""Load a `History` from the ledger tables, as the ledger stood at the end of a given day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.models import (
    Communication,
    CreditNote,
    Customer,
    Dispute,
    Invoice,
    Payment,
    PaymentAllocation,
    Promise,
)
from tools.risk.history import History

ZERO = Decimal("0.00")


def load_ledger_history(session: Session, *, as_of: dt.date) -> History:
    """Invoices issued by `as_of` with settlement dates, disputes, promises and contacts known by then.

    An invoice is settled on the day its balance (amount − allocations − credit notes) first
    reached zero; payments and credit notes after `as_of` are ignored, so a past `as_of` sees
    the ledger as it was. Invoices cancelled entirely by credit notes were never owed and are left
    out. The frame carries `invoice_pk`, `number`, `currency` and the exact `balance` (Decimal)
    besides the model's columns.
    """
    events = _settlement_events(session, as_of=as_of)
    disputes = _dispute_dates(session, as_of=as_of)
    rows = []
    query = (
        select(Invoice, Customer.segment)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.issue_date <= as_of)
        .order_by(Invoice.id)
    )
    for invoice, segment in session.execute(query):
        credited = sum((amount for _, amount, is_credit in events[invoice.id] if is_credit), ZERO)
        if invoice.amount > 0 and credited >= invoice.amount:
            continue
        settled_on, balance = _settled_on(invoice.amount, events[invoice.id])
        opened, resolved = disputes.get(invoice.id, (None, None))
        rows.append(
            {
                "customer_id": str(invoice.customer_id),
                "invoice_id": str(invoice.id),
                "invoice_pk": invoice.id,
                "number": invoice.number,
                "currency": invoice.currency,
                "issue_date": invoice.issue_date,
                "due_date": invoice.due_date,
                "amount": float(invoice.amount),
                "balance": balance,
                "settled_date": settled_on,
                "segment": segment,
                "disputed_on": opened,
                "dispute_resolved_on": resolved,
            }
        )
    columns = [
        "customer_id", "invoice_id", "invoice_pk", "number", "currency", "issue_date", "due_date", "amount",
        "balance", "settled_date", "segment", "disputed_on", "dispute_resolved_on",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    return History(frame, _promises(session, as_of=as_of), _communications(session, as_of=as_of))


def _settlement_events(session: Session, *, as_of: dt.date) -> dict[int, list[tuple[dt.date, Decimal, bool]]]:
    """Per invoice: (day, amount, is_credit) of every allocation and credit note up to `as_of`."""
    events: dict[int, list[tuple[dt.date, Decimal, bool]]] = defaultdict(list)
    allocations = (
        select(PaymentAllocation.invoice_id, Payment.received_on, PaymentAllocation.amount)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.received_on <= as_of)
    )
    for invoice_id, day, amount in session.execute(allocations):
        events[invoice_id].append((day, Decimal(amount), False))
    credits = select(CreditNote.invoice_id, CreditNote.issued_on, CreditNote.amount).where(
        CreditNote.issued_on <= as_of
    )
    for invoice_id, day, amount in session.execute(credits):
        events[invoice_id].append((day, Decimal(amount), True))
    return events


def _settled_on(amount: Decimal, events: list[tuple[dt.date, Decimal, bool]]) -> tuple[dt.date | None, Decimal]:
    """The day the running balance first reached zero (None while open) and the balance at the end."""
    balance = Decimal(amount)
    settled: dt.date | None = None
    for day, value, _ in sorted(events, key=lambda event: event[0]):
        balance -= value
        if balance <= 0 and settled is None:
            settled = day
    return settled, max(balance, ZERO)


def _dispute_dates(session: Session, *, as_of: dt.date) -> dict[int, tuple[dt.date, dt.date | None]]:
    """Per invoice: when its first dispute opened, and when the last closed (None while any is open)."""
    found: dict[int, tuple[dt.date, dt.date | None]] = {}
    query = select(Dispute.invoice_id, Dispute.opened_on, Dispute.resolved_on, Dispute.status).where(
        Dispute.opened_on <= as_of
    )
    for invoice_id, opened, resolved, status in session.execute(query):
        # A resolution recorded after `as_of` had not happened yet at `as_of`.
        closed = resolved if status == "resolved" and resolved is not None and resolved <= as_of else None
        if invoice_id not in found:
            found[invoice_id] = (opened, closed)
            continue
        first, last = found[invoice_id]
        still_open = last is None or closed is None
        found[invoice_id] = (min(first, opened), None if still_open else max(last, closed))  # type: ignore[type-var]
    return found


def _promises(session: Session, *, as_of: dt.date) -> pd.DataFrame:
    query = select(Promise).where(Promise.recorded_on <= as_of)
    rows = [
        {
            "customer_id": str(p.customer_id),
            "recorded_on": p.recorded_on,
            "promised_date": p.promised_date,
            "status": p.status,
            "amount": float(p.amount),
            "invoice_numbers": list(p.invoice_numbers or []),
        }
        for p in session.scalars(query)
    ]
    return pd.DataFrame(
        rows, columns=["customer_id", "recorded_on", "promised_date", "status", "amount", "invoice_numbers"]
    )


def _communications(session: Session, *, as_of: dt.date) -> pd.DataFrame:
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    query = select(Communication.customer_id, Communication.at, Communication.direction).where(
        Communication.at < end, Communication.channel != "note"
    )
    rows = [{"customer_id": str(c), "at": at, "direction": d} for c, at, d in session.execute(query)]
    return pd.DataFrame(rows, columns=["customer_id", "at", "direction"])
