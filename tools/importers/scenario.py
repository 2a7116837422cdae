"""Import one customer account from a scenario file (../shared/scenarios/README.md).

Re-import is idempotent: every row is upserted by an external id derived from the file, so
importing the same file twice changes nothing, and a changed file updates in place. An invoice's
`balance` is honoured by recording, as a settlement payment, whatever part of `amount − balance`
the listed payments and credit notes do not explain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.embeddings import Embedder, communication_text
from tools.importers.errors import ImportFileError
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
from tools.rules import RuleValidationError, default_rules, validate_rules
from tools.scenario_format import Scenario, ScenarioFileError, load_scenario

ZERO = Decimal("0.00")


class ImportSummary(BaseModel):
    source: str
    customer: str
    invoices: int = 0
    payments: int = 0
    credit_notes: int = 0
    disputes: int = 0
    promises: int = 0
    communications: int = 0
    new_communications: int = 0


def _key(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def import_scenario_file(session: Session, path: Path, *, embedder: Embedder | None) -> ImportSummary:
    """Validate and import one scenario file into the caller's transaction."""
    try:
        scenario = load_scenario(path)
    except ScenarioFileError as exc:
        raise ImportFileError(str(path), str(exc).removeprefix(f"{path}: ")) from exc
    return import_scenario(session, scenario, source=str(path), embedder=embedder)


def import_scenario(
    session: Session, scenario: Scenario, *, source: str = "<scenario>", embedder: Embedder | None = None
) -> ImportSummary:
    """Upsert one scenario's account into the ledger (the caller owns the transaction)."""
    if scenario.rules:
        try:
            validate_rules(default_rules().model_dump(mode="json") | scenario.rules)
        except RuleValidationError as exc:
            raise ImportFileError(source, f"rules: {exc}") from exc
    customer = _upsert_customer(session, scenario)
    _upsert_contacts(session, customer, scenario)
    _upsert_contract(session, customer, scenario)
    invoices = _upsert_invoices(session, customer, scenario, source)
    summary = ImportSummary(source=source, customer=scenario.customer.id, invoices=len(invoices))
    summary.credit_notes = _upsert_credit_notes(session, scenario, invoices, source)
    summary.payments = _upsert_payments(session, customer, scenario, invoices)
    summary.disputes = _upsert_disputes(session, scenario, invoices)
    summary.promises = _upsert_promises(session, customer, scenario)
    summary.communications, summary.new_communications = _upsert_communications(
        session, customer, scenario, embedder
    )
    session.flush()
    return summary


def _upsert_customer(session: Session, scenario: Scenario) -> Customer:
    data = scenario.customer
    customer = session.scalars(select(Customer).where(Customer.external_id == data.id)).first()
    if customer is None:
        customer = Customer(external_id=data.id)
        session.add(customer)
    customer.name = data.name
    customer.segment = data.segment
    customer.timezone = data.timezone
    customer.language = data.language
    customer.owner_email = data.owner
    customer.automation_excluded = data.automation_excluded
    customer.rule_overrides = dict(scenario.rules)
    session.flush()
    return customer


def _upsert_contacts(session: Session, customer: Customer, scenario: Scenario) -> None:
    existing = {(c.email or f"name:{c.name}"): c for c in session.scalars(
        select(Contact).where(Contact.customer_id == customer.id)
    )}
    for data in scenario.contacts:
        key = data.email or f"name:{data.name}"
        contact = existing.get(key)
        if contact is None:
            contact = Contact(customer_id=customer.id, email=data.email)
            session.add(contact)
            existing[key] = contact
        contact.name = data.name
        contact.phone = data.phone
        contact.role = data.role
        contact.is_primary = data.primary
        if data.opted_out and not contact.opted_out:
            contact.opted_out_at = scenario.as_of
        contact.opted_out = data.opted_out


def _upsert_contract(session: Session, customer: Customer, scenario: Scenario) -> None:
    data = scenario.contract
    contract = session.scalars(select(Contract).where(Contract.customer_id == customer.id)).first()
    if contract is None:
        contract = Contract(customer_id=customer.id)
        session.add(contract)
    contract.payment_terms_days = data.payment_terms_days
    contract.late_fee_type = data.late_fee.type if data.late_fee else None
    contract.late_fee_value = data.late_fee.value if data.late_fee else None
    contract.payment_plans_allowed = data.payment_plans_allowed


def _upsert_invoices(session: Session, customer: Customer, scenario: Scenario, source: str) -> dict[str, Invoice]:
    numbers = [i.number for i in scenario.invoices]
    existing = {i.number: i for i in session.scalars(select(Invoice).where(Invoice.number.in_(numbers)))}
    result: dict[str, Invoice] = {}
    for index, data in enumerate(scenario.invoices):
        invoice = existing.get(data.number)
        if invoice is not None and invoice.customer_id != customer.id:
            raise ImportFileError(
                source,
                f"invoice {data.number} already belongs to another customer (id {invoice.customer_id})",
                row=index + 1,
                column="invoices.number",
            )
        if invoice is None:
            invoice = Invoice(customer_id=customer.id, number=data.number)
            session.add(invoice)
        invoice.issue_date = data.issue_date
        invoice.due_date = data.due_date
        invoice.amount = data.amount
        invoice.currency = data.currency
        invoice.po_number = data.po_number
        result[data.number] = invoice
    session.flush()
    return result


def _upsert_credit_notes(session: Session, scenario: Scenario, invoices: dict[str, Invoice], source: str) -> int:
    existing = {c.number: c for c in session.scalars(
        select(CreditNote).where(CreditNote.number.in_([c.number for c in scenario.credit_notes]))
    )}
    for data in scenario.credit_notes:
        note = existing.get(data.number)
        if note is None:
            note = CreditNote(number=data.number)
            session.add(note)
        elif note.invoice_id != invoices[data.invoice].id:
            raise ImportFileError(source, f"credit note {data.number} already applies to another invoice")
        note.invoice_id = invoices[data.invoice].id
        note.amount = data.amount
        note.issued_on = data.date
        note.reason = data.reason
    return len(scenario.credit_notes)


def _set_payment(
    session: Session, *, external_id: str, customer: Customer, invoice: Invoice, amount: Decimal,
    on: dt.date, method: str | None, currency: str,
) -> None:
    payment = session.scalars(select(Payment).where(Payment.external_id == external_id)).first()
    if payment is None:
        payment = Payment(external_id=external_id, customer_id=customer.id)
        session.add(payment)
    payment.amount = amount
    payment.received_on = on
    payment.method = method
    payment.currency = currency
    session.flush()
    allocation = session.scalars(
        select(PaymentAllocation).where(
            PaymentAllocation.payment_id == payment.id, PaymentAllocation.invoice_id == invoice.id
        )
    ).first()
    if allocation is None:
        session.add(PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id, amount=amount))
    else:
        allocation.amount = amount


def _upsert_payments(
    session: Session, customer: Customer, scenario: Scenario, invoices: dict[str, Invoice]
) -> int:
    count = 0
    explained: dict[str, Decimal] = {}
    occurrences: dict[tuple[str, dt.date, Decimal], int] = {}
    for data in scenario.payments:
        signature = (data.invoice, data.date, data.amount)
        occurrences[signature] = occurrences.get(signature, 0) + 1
        external_id = "scn:" + _key(customer.external_id, *signature, occurrences[signature])
        invoice = invoices[data.invoice]
        _set_payment(session, external_id=external_id, customer=customer, invoice=invoice, amount=data.amount,
                     on=data.date, method=data.method, currency=invoice.currency)
        explained[data.invoice] = explained.get(data.invoice, ZERO) + data.amount
        count += 1
    for note in scenario.credit_notes:
        explained[note.invoice] = explained.get(note.invoice, ZERO) + note.amount
    as_of_day = scenario.as_of.date()
    for listed in scenario.invoices:
        residual = listed.amount - listed.balance - explained.get(listed.number, ZERO)
        external_id = "scn-settlement:" + _key(customer.external_id, listed.number)
        if residual > 0:
            # The file says this much was paid without listing the payment: record it so the
            # derived balance equals the file's balance.
            _set_payment(session, external_id=external_id, customer=customer, invoice=invoices[listed.number],
                         amount=residual, on=listed.paid_date or as_of_day, method="unrecorded",
                         currency=listed.currency)
            count += 1
        else:
            stale = session.scalars(select(Payment).where(Payment.external_id == external_id)).first()
            if stale is not None:
                session.delete(stale)
    return count


def _upsert_disputes(session: Session, scenario: Scenario, invoices: dict[str, Invoice]) -> int:
    for data in scenario.disputes:
        external_id = "scn:" + _key(data.invoice, data.opened)
        dispute = session.scalars(select(Dispute).where(Dispute.external_id == external_id)).first()
        if dispute is None:
            dispute = Dispute(external_id=external_id, invoice_id=invoices[data.invoice].id)
            session.add(dispute)
        dispute.opened_on = data.opened
        dispute.reason = data.reason
        dispute.status = data.status
        dispute.owner_email = data.owner
    return len(scenario.disputes)


def _upsert_promises(session: Session, customer: Customer, scenario: Scenario) -> int:
    for data in scenario.promises:
        external_id = "scn:" + _key(customer.external_id, data.recorded, data.promised_date, data.amount)
        promise = session.scalars(select(Promise).where(Promise.external_id == external_id)).first()
        if promise is None:
            promise = Promise(external_id=external_id, customer_id=customer.id)
            session.add(promise)
        promise.amount = data.amount
        promise.promised_date = data.promised_date
        promise.made_by = data.made_by
        promise.recorded_on = data.recorded
        promise.status = data.status
        promise.invoice_numbers = list(data.invoices)
    return len(scenario.promises)


def _upsert_communications(
    session: Session, customer: Customer, scenario: Scenario, embedder: Embedder | None
) -> tuple[int, int]:
    wanted = {
        "scn:" + _key(customer.external_id, c.at.isoformat(), c.direction, c.channel, c.subject, c.body): c
        for c in scenario.communications
    }
    known = set(session.scalars(select(Communication.external_id).where(Communication.external_id.in_(wanted))))
    new_rows = []
    for external_id, data in wanted.items():
        if external_id in known:
            continue
        row = Communication(
            external_id=external_id, customer_id=customer.id, direction=data.direction, channel=data.channel,
            at=data.at, subject=data.subject, body=data.body, author=data.author,
        )
        new_rows.append(row)
        session.add(row)
    if embedder is not None and new_rows:
        vectors = embedder.embed([communication_text(r.subject, r.body) for r in new_rows])
        for row, vector in zip(new_rows, vectors, strict=True):
            row.embedding = vector
    return len(wanted), len(new_rows)
