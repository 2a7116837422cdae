"""One customer account read as plain values: what the agent, the API and the evals look at."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.ledger import InvoiceBalance, invoice_balances
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


class CustomerInfo(BaseModel):
    id: int
    external_id: str
    name: str
    segment: str
    timezone: str
    language: str
    owner_email: str | None
    automation_excluded: bool


class ContactValue(BaseModel):
    id: int
    name: str | None
    email: str | None
    phone: str | None
    role: str
    is_primary: bool
    opted_out: bool


class ContractValue(BaseModel):
    payment_terms_days: int
    late_fee_type: str | None
    late_fee_value: Decimal | None
    payment_plans_allowed: bool


class PaymentValue(BaseModel):
    id: int
    external_id: str
    amount: Decimal
    currency: str
    received_on: dt.date
    method: str | None
    allocations: dict[str, Decimal]  # invoice number → amount


class CreditNoteValue(BaseModel):
    id: int
    number: str
    invoice: str
    amount: Decimal
    issued_on: dt.date
    reason: str | None


class DisputeValue(BaseModel):
    id: int
    invoice: str
    opened_on: dt.date
    reason: str
    status: str
    owner_email: str | None
    resolved_on: dt.date | None


class PromiseValue(BaseModel):
    id: int
    amount: Decimal
    promised_date: dt.date
    made_by: str | None
    recorded_on: dt.date
    status: str
    invoice_numbers: list[str]


class CommunicationValue(BaseModel):
    id: int
    direction: str
    channel: str
    at: dt.datetime
    subject: str | None
    body: str
    author: str | None


class AccountSnapshot(BaseModel):
    """Everything known about one account at one moment."""

    customer: CustomerInfo
    contacts: list[ContactValue]
    contract: ContractValue | None
    invoices: list[InvoiceBalance]
    payments: list[PaymentValue]
    credit_notes: list[CreditNoteValue]
    disputes: list[DisputeValue]
    promises: list[PromiseValue]
    communications: list[CommunicationValue]  # oldest first
    rule_overrides: dict[str, object]

    def open_invoices(self) -> list[InvoiceBalance]:
        """Invoices with a positive open balance, oldest due first."""
        return [i for i in self.invoices if i.balance > 0]

    def settled_invoices(self) -> tuple[list[InvoiceBalance], list[InvoiceBalance]]:
        """Invoices paid in full, and those of them settled after their due date."""
        settled = [i for i in self.invoices if i.balance == 0 and i.last_payment_on is not None]
        return settled, [i for i in settled if i.last_payment_on is not None and i.last_payment_on > i.due_date]

    def open_dispute_invoices(self) -> set[str]:
        """Numbers of invoices with an open dispute."""
        return {d.invoice for d in self.disputes if d.status == "open"}

    def total_open_balance(self) -> Decimal:
        """Sum of open balances across all invoices."""
        return sum((i.balance for i in self.invoices), Decimal("0.00"))

    def fingerprint(self) -> str:
        """A hash of what must not change between drafting and sending: balances, payments,
        credit notes, disputes, promises and opt-outs."""
        material = {
            "balances": sorted((i.number, str(i.balance)) for i in self.invoices),
            "payments": sorted(p.external_id for p in self.payments),
            "credits": sorted(c.number for c in self.credit_notes),
            "disputes": sorted((d.id, d.status) for d in self.disputes),
            "promises": sorted((p.id, p.status, str(p.promised_date)) for p in self.promises),
            "opt_outs": sorted((c.id, c.opted_out) for c in self.contacts),
            "excluded": self.customer.automation_excluded,
            # Another message to the customer since drafting changes what is appropriate to send.
            "outbound": sorted(c.id for c in self.communications if c.direction == "outbound"),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


class UnknownCustomerError(LookupError):
    """No customer with that id."""


def load_account(session: Session, *, customer_id: int) -> AccountSnapshot:
    """Read one customer's whole account: contacts, contract, invoices with balances, and history."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise UnknownCustomerError(f"no customer with id {customer_id}")
    contacts = session.scalars(select(Contact).where(Contact.customer_id == customer_id).order_by(Contact.id))
    contract = session.scalars(select(Contract).where(Contract.customer_id == customer_id)).first()
    invoices = invoice_balances(session, customer_id=customer_id)
    numbers = {i.id: i.number for i in invoices}

    payments: dict[int, PaymentValue] = {}
    rows = session.execute(
        select(Payment, PaymentAllocation.invoice_id, PaymentAllocation.amount)
        .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(Payment.customer_id == customer_id)
        .order_by(Payment.received_on, Payment.id)
    )
    for payment, invoice_id, allocated in rows:
        value = payments.setdefault(
            payment.id,
            PaymentValue(
                id=payment.id, external_id=payment.external_id, amount=payment.amount, currency=payment.currency,
                received_on=payment.received_on, method=payment.method, allocations={},
            ),
        )
        if invoice_id is not None:
            value.allocations[numbers.get(invoice_id, str(invoice_id))] = allocated

    credit_notes = [
        CreditNoteValue(id=c.id, number=c.number, invoice=numbers[c.invoice_id], amount=c.amount,
                        issued_on=c.issued_on, reason=c.reason)
        for c in session.scalars(
            select(CreditNote).join(Invoice).where(Invoice.customer_id == customer_id).order_by(CreditNote.issued_on)
        )
    ]
    disputes = [
        DisputeValue(id=d.id, invoice=numbers[d.invoice_id], opened_on=d.opened_on, reason=d.reason,
                     status=d.status, owner_email=d.owner_email, resolved_on=d.resolved_on)
        for d in session.scalars(
            select(Dispute).join(Invoice).where(Invoice.customer_id == customer_id).order_by(Dispute.opened_on)
        )
    ]
    promises = [
        PromiseValue(id=p.id, amount=p.amount, promised_date=p.promised_date, made_by=p.made_by,
                     recorded_on=p.recorded_on, status=p.status, invoice_numbers=list(p.invoice_numbers or []))
        for p in session.scalars(
            select(Promise).where(Promise.customer_id == customer_id).order_by(Promise.recorded_on)
        )
    ]
    communications = [
        CommunicationValue(id=c.id, direction=c.direction, channel=c.channel, at=c.at, subject=c.subject,
                           body=c.body, author=c.author)
        for c in session.scalars(
            select(Communication).where(Communication.customer_id == customer_id).order_by(Communication.at)
        )
    ]
    return AccountSnapshot(
        customer=CustomerInfo(
            id=customer.id, external_id=customer.external_id, name=customer.name, segment=customer.segment,
            timezone=customer.timezone, language=customer.language, owner_email=customer.owner_email,
            automation_excluded=customer.automation_excluded,
        ),
        contacts=[
            ContactValue(id=c.id, name=c.name, email=c.email, phone=c.phone, role=c.role,
                         is_primary=c.is_primary, opted_out=c.opted_out)
            for c in contacts
        ],
        contract=ContractValue(
            payment_terms_days=contract.payment_terms_days, late_fee_type=contract.late_fee_type,
            late_fee_value=contract.late_fee_value, payment_plans_allowed=contract.payment_plans_allowed,
        ) if contract else None,
        invoices=invoices,
        payments=list(payments.values()),
        credit_notes=credit_notes,
        disputes=disputes,
        promises=promises,
        communications=communications,
        rule_overrides=dict(customer.rule_overrides or {}),
    )
