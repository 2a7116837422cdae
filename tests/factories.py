"""Plain factory functions for test rows: `make_invoice(session, **overrides)`."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from tools.models import (
    Communication,
    Contact,
    Contract,
    CreditNote,
    Customer,
    Dispute,
    Invoice,
    Payment,
    PaymentAllocation,
    Promise,
)

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_customer(session: Session, **overrides: Any) -> Customer:
    n = _n()
    values: dict[str, Any] = {
        "external_id": f"TC-{n}", "name": f"Test Customer {n}", "segment": "standard", "timezone": "America/Chicago",
        "language": "en", "owner_email": "owner@ourco.example", "automation_excluded": False, "rule_overrides": {},
    }
    values.update(overrides)
    customer = Customer(**values)
    session.add(customer)
    session.flush()
    return customer


def make_contact(session: Session, customer: Customer, **overrides: Any) -> Contact:
    n = _n()
    values: dict[str, Any] = {
        "customer_id": customer.id, "name": f"Contact {n}", "email": f"ap{n}@customer.example", "role": "billing",
        "is_primary": True, "opted_out": False,
    }
    values.update(overrides)
    contact = Contact(**values)
    session.add(contact)
    session.flush()
    return contact


def make_contract(session: Session, customer: Customer, **overrides: Any) -> Contract:
    values: dict[str, Any] = {"customer_id": customer.id, "payment_terms_days": 30, "payment_plans_allowed": True}
    values.update(overrides)
    contract = Contract(**values)
    session.add(contract)
    session.flush()
    return contract


def make_invoice(session: Session, customer: Customer, **overrides: Any) -> Invoice:
    n = _n()
    values: dict[str, Any] = {
        "customer_id": customer.id, "number": f"TINV-{n}", "issue_date": dt.date(2026, 9, 1),
        "due_date": dt.date(2026, 10, 1), "amount": Decimal("1000.00"), "currency": "USD",
    }
    values.update(overrides)
    invoice = Invoice(**values)
    session.add(invoice)
    session.flush()
    return invoice


def make_payment(
    session: Session, invoice: Invoice, amount: Decimal, *, on: dt.date = dt.date(2026, 10, 5), **overrides: Any
) -> Payment:
    values: dict[str, Any] = {
        "external_id": f"TPAY-{_n()}", "customer_id": invoice.customer_id, "amount": amount, "received_on": on,
        "currency": invoice.currency,
    }
    values.update(overrides)
    payment = Payment(**values)
    session.add(payment)
    session.flush()
    session.add(PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id, amount=amount))
    session.flush()
    return payment


def make_credit_note(session: Session, invoice: Invoice, amount: Decimal, **overrides: Any) -> CreditNote:
    values: dict[str, Any] = {
        "number": f"TCN-{_n()}", "invoice_id": invoice.id, "amount": amount, "issued_on": dt.date(2026, 10, 2),
        "reason": "test",
    }
    values.update(overrides)
    note = CreditNote(**values)
    session.add(note)
    session.flush()
    return note


def make_dispute(session: Session, invoice: Invoice, **overrides: Any) -> Dispute:
    values: dict[str, Any] = {
        "external_id": f"TDSP-{_n()}", "invoice_id": invoice.id, "opened_on": dt.date(2026, 10, 10),
        "reason": "short shipment", "status": "open", "owner_email": "claims@ourco.example",
    }
    values.update(overrides)
    dispute = Dispute(**values)
    session.add(dispute)
    session.flush()
    return dispute


def make_promise(session: Session, customer: Customer, **overrides: Any) -> Promise:
    values: dict[str, Any] = {
        "external_id": f"TPRM-{_n()}", "customer_id": customer.id, "amount": Decimal("500.00"),
        "promised_date": dt.date(2026, 11, 30), "made_by": "AP clerk", "recorded_on": dt.date(2026, 11, 10),
        "status": "pending", "invoice_numbers": [],
    }
    values.update(overrides)
    promise = Promise(**values)
    session.add(promise)
    session.flush()
    return promise


def make_communication(session: Session, customer: Customer, **overrides: Any) -> Communication:
    values: dict[str, Any] = {
        "external_id": f"TCOM-{_n()}", "customer_id": customer.id, "direction": "outbound", "channel": "email",
        "at": dt.datetime(2026, 11, 1, 14, 0, tzinfo=dt.UTC), "subject": "Reminder", "body": "Please pay.",
        "author": "collections@ourco.example",
    }
    values.update(overrides)
    comm = Communication(**values)
    session.add(comm)
    session.flush()
    return comm
