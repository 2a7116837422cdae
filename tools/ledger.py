"""Invoices and their open balances. The balance is derived here and nowhere else:

    open balance = amount − allocated payments − credit notes

computed in SQL with NUMERIC, so it is exact Decimal arithmetic.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tools.models import CreditNote, Invoice, Payment, PaymentAllocation

ZERO = Decimal("0.00")


def _allocated() -> ColumnElement[Decimal]:
    return (
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .where(PaymentAllocation.invoice_id == Invoice.id)
        .correlate(Invoice)
        .scalar_subquery()
    )


def _credited() -> ColumnElement[Decimal]:
    return (
        select(func.coalesce(func.sum(CreditNote.amount), 0))
        .where(CreditNote.invoice_id == Invoice.id)
        .correlate(Invoice)
        .scalar_subquery()
    )


def open_balance_expression() -> ColumnElement[Decimal]:
    """SQL for an invoice's open balance: the one place it is derived."""
    return (Invoice.amount - _allocated() - _credited()).label("balance")


def last_payment_date_expression() -> ColumnElement[dt.date]:
    """SQL for the date of the latest payment allocated to an invoice (its settlement date once paid)."""
    return (
        select(func.max(Payment.received_on))
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(PaymentAllocation.invoice_id == Invoice.id)
        .correlate(Invoice)
        .scalar_subquery()
        .label("last_payment_on")
    )


class InvoiceBalance(BaseModel):
    """An invoice with what is paid, credited and still open."""

    id: int
    customer_id: int
    number: str
    issue_date: dt.date
    due_date: dt.date
    amount: Decimal
    paid: Decimal
    credited: Decimal
    balance: Decimal
    currency: str
    po_number: str | None
    last_payment_on: dt.date | None

    def days_past_due(self, today: dt.date) -> int:
        """Days since the due date (negative before it)."""
        return (today - self.due_date).days


def invoice_balances(
    session: Session, *, customer_id: int | None = None, open_only: bool = False, numbers: list[str] | None = None
) -> list[InvoiceBalance]:
    """Invoices with derived balances, oldest due first."""
    paid = _allocated().label("paid")
    credited = _credited().label("credited")
    balance = open_balance_expression()
    query = select(Invoice, paid, credited, balance, last_payment_date_expression()).order_by(
        Invoice.due_date, Invoice.number
    )
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    if numbers is not None:
        query = query.where(Invoice.number.in_(numbers))
    if open_only:
        query = query.where(balance > 0)
    return [
        InvoiceBalance(
            id=inv.id,
            customer_id=inv.customer_id,
            number=inv.number,
            issue_date=inv.issue_date,
            due_date=inv.due_date,
            amount=inv.amount,
            paid=Decimal(p),
            credited=Decimal(c),
            balance=Decimal(b),
            currency=inv.currency,
            po_number=inv.po_number,
            last_payment_on=last,
        )
        for inv, p, c, b, last in session.execute(query)
    ]


def customer_open_balance(session: Session, *, customer_id: int) -> Decimal:
    """The customer's total open balance across all invoices."""
    total = session.execute(
        select(func.coalesce(func.sum(open_balance_expression()), 0)).where(Invoice.customer_id == customer_id)
    ).scalar_one()  # an aggregate without GROUP BY always returns one row
    return Decimal(total).quantize(Decimal("0.01"))


class AllocationError(ValueError):
    """A payment that cannot be allocated as asked."""


def record_payment(
    session: Session,
    *,
    customer_id: int,
    external_id: str,
    amount: Decimal,
    received_on: dt.date,
    allocations: dict[str, Decimal],
    currency: str = "USD",
    method: str | None = None,
    reference: str | None = None,
) -> Payment:
    """Record a payment and allocate it to invoices by number; never over-allocates an invoice."""
    if amount <= 0:
        raise AllocationError(f"payment {external_id}: amount must be positive, got {amount}")
    if sum(allocations.values(), ZERO) > amount:
        raise AllocationError(f"payment {external_id}: allocations exceed the payment amount {amount}")
    balances = {b.number: b for b in invoice_balances(session, customer_id=customer_id, numbers=list(allocations))}
    payment = Payment(
        external_id=external_id, customer_id=customer_id, amount=amount, currency=currency,
        received_on=received_on, method=method, reference=reference,
    )
    session.add(payment)
    session.flush()
    for number, allocated in allocations.items():
        invoice = balances.get(number)
        if invoice is None:
            raise AllocationError(f"payment {external_id}: invoice {number} not found for this customer")
        if allocated <= 0 or allocated > invoice.balance:
            raise AllocationError(
                f"payment {external_id}: cannot allocate {allocated} to {number} (open balance {invoice.balance})"
            )
        session.add(PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id, amount=allocated))
    session.flush()
    return payment
