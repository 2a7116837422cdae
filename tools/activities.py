"""What collectors record by hand: calls, promises to pay, disputes opened and resolved. Each is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.accounts import CommunicationValue, DisputeValue, PromiseValue, UnknownCustomerError
from tools.audit import record_event
from tools.ledger import invoice_balances
from tools.models import Communication, Customer, Dispute, Invoice, Promise

MAX_PROMISE_DAYS = 365


class ActivityError(ValueError):
    """An activity that does not fit the account (unknown invoice, amount over the balance, ...)."""


class ActivityConflict(ValueError):
    """An activity that clashes with the account's state (a dispute already open or resolved)."""


class DisputeNotFoundError(LookupError):
    """No dispute with that id."""


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise UnknownCustomerError(f"no customer with id {customer_id}")
    return customer


def _external_id(kind: str) -> str:
    # Hand-entered rows have no source file to derive a key from; a random one keeps them unique.
    return f"{kind}-{uuid.uuid4().hex}"


def log_call(
    session: Session, *, customer_id: int, actor: str, direction: Literal["outbound", "inbound"],
    at: dt.datetime, summary: str, subject: str | None = None, contact: str | None = None,
) -> CommunicationValue:
    """Log a phone call (outbound) or an inbound phone note as a communication on the account."""
    _customer(session, customer_id)
    if at.tzinfo is None:
        raise ActivityError("at needs a time zone")
    if not summary.strip():
        raise ActivityError("summary must not be empty")
    row = Communication(
        external_id=_external_id("call"), customer_id=customer_id, direction=direction, channel="phone", at=at,
        subject=subject or ("Call" if direction == "outbound" else "Inbound call"), body=summary.strip(),
        author=actor, recipient=contact if direction == "outbound" else None,
    )
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="communication.call_logged", entity_type="communication",
                 entity_id=str(row.id), detail={"customer_id": customer_id, "direction": direction})
    return CommunicationValue(id=row.id, direction=row.direction, channel=row.channel, at=row.at,
                              subject=row.subject, body=row.body, author=row.author)


def record_promise(
    session: Session, *, customer_id: int, actor: str, amount: Decimal, promised_date: dt.date, on: dt.date,
    invoice_numbers: list[str], made_by: str | None = None,
) -> PromiseValue:
    """Record a promise to pay (pending) against the customer's open invoices."""
    _customer(session, customer_id)
    if amount <= 0:
        raise ActivityError("amount must be positive")
    if not on <= promised_date <= on + dt.timedelta(days=MAX_PROMISE_DAYS):
        raise ActivityError(f"promised_date must be between {on} and {MAX_PROMISE_DAYS} days after it")
    open_invoices = {b.number: b.balance for b in invoice_balances(session, customer_id=customer_id, open_only=True)}
    unknown = sorted(set(invoice_numbers) - set(open_invoices))
    if unknown:
        raise ActivityError(f"not open invoices of this customer: {', '.join(unknown)}")
    limit = sum((open_invoices[n] for n in set(invoice_numbers)), Decimal(0)) if invoice_numbers \
        else sum(open_invoices.values(), Decimal(0))
    if amount > limit:
        raise ActivityError(f"amount {amount} exceeds the open balance {limit}")
    row = Promise(external_id=_external_id("promise"), customer_id=customer_id, amount=amount,
                  promised_date=promised_date, made_by=made_by, recorded_on=on, status="pending",
                  invoice_numbers=sorted(set(invoice_numbers)))
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="promise.recorded", entity_type="promise", entity_id=str(row.id),
                 detail={"customer_id": customer_id, "amount": str(amount), "promised_date": str(promised_date),
                         "invoices": row.invoice_numbers})
    return PromiseValue(id=row.id, amount=row.amount, promised_date=row.promised_date, made_by=row.made_by,
                        recorded_on=row.recorded_on, status=row.status, invoice_numbers=list(row.invoice_numbers))


def _dispute_value(row: Dispute, invoice_number: str) -> DisputeValue:
    return DisputeValue(id=row.id, invoice=invoice_number, opened_on=row.opened_on, reason=row.reason,
                        status=row.status, owner_email=row.owner_email, resolved_on=row.resolved_on)


def open_dispute(
    session: Session, *, customer_id: int, actor: str, invoice_number: str, reason: str, on: dt.date,
    owner_email: str | None = None,
) -> DisputeValue:
    """Open a dispute on one of the customer's invoices (one open dispute per invoice)."""
    customer = _customer(session, customer_id)
    invoice = session.scalars(select(Invoice).where(Invoice.customer_id == customer_id,
                                                    Invoice.number == invoice_number)).first()
    if invoice is None:
        raise ActivityError(f"invoice {invoice_number} is not an invoice of this customer")
    if not reason.strip():
        raise ActivityError("reason must not be empty")
    already = session.scalars(select(Dispute.id).where(Dispute.invoice_id == invoice.id,
                                                       Dispute.status == "open")).first()
    if already is not None:
        raise ActivityConflict(f"invoice {invoice_number} already has open dispute {already}")
    row = Dispute(external_id=_external_id("dispute"), invoice_id=invoice.id, opened_on=on, reason=reason.strip(),
                  status="open", owner_email=owner_email or customer.owner_email)
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="dispute.opened", entity_type="dispute", entity_id=str(row.id),
                 detail={"customer_id": customer_id, "invoice": invoice_number, "reason": row.reason})
    return _dispute_value(row, invoice_number)


def resolve_dispute(session: Session, *, dispute_id: int, actor: str, resolution: str, on: dt.date) -> DisputeValue:
    """Mark an open dispute resolved, with what was agreed."""
    row = session.get(Dispute, dispute_id)
    if row is None:
        raise DisputeNotFoundError(f"no dispute with id {dispute_id}")
    if row.status != "open":
        raise ActivityConflict(f"dispute {dispute_id} is already {row.status}")
    if not resolution.strip():
        raise ActivityError("resolution must not be empty")
    if on < row.opened_on:
        raise ActivityError(f"a dispute cannot be resolved before it was opened ({row.opened_on})")
    row.status, row.resolved_on, row.resolution = "resolved", on, resolution.strip()
    invoice = session.get(Invoice, row.invoice_id)
    session.flush()
    record_event(session, actor=actor, action="dispute.resolved", entity_type="dispute", entity_id=str(row.id),
                 detail={"resolution": row.resolution, "invoice": invoice.number if invoice else None})
    return _dispute_value(row, invoice.number if invoice else "")
