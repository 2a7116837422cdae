"""The balance derivation: amount − allocated payments − credit notes, exact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_credit_note, make_customer, make_invoice, make_payment
from tools.ledger import AllocationError, customer_open_balance, invoice_balances, record_payment

cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: Decimal(c) / 100)


def test_invoice_balances_subtracts_payments_and_credit_notes(session):
    customer = make_customer(session)
    invoice = make_invoice(session, customer, amount=Decimal("1200.00"))
    make_payment(session, invoice, Decimal("200.10"))
    make_credit_note(session, invoice, Decimal("99.90"))
    [row] = invoice_balances(session, customer_id=customer.id)
    assert (row.paid, row.credited, row.balance) == (Decimal("200.10"), Decimal("99.90"), Decimal("900.00"))


def test_open_only_hides_settled_invoices(session):
    customer = make_customer(session)
    paid = make_invoice(session, customer, amount=Decimal("50.00"))
    make_payment(session, paid, Decimal("50.00"))
    make_invoice(session, customer, amount=Decimal("75.00"))
    assert [i.balance for i in invoice_balances(session, customer_id=customer.id, open_only=True)] == [
        Decimal("75.00")
    ]
    assert customer_open_balance(session, customer_id=customer.id) == Decimal("75.00")


def test_record_payment_refuses_to_over_allocate(session):
    customer = make_customer(session)
    invoice = make_invoice(session, customer, amount=Decimal("100.00"))
    with pytest.raises(AllocationError, match="open balance 100.00"):
        record_payment(
            session, customer_id=customer.id, external_id="P-over", amount=Decimal("150.00"),
            received_on=invoice.due_date, allocations={invoice.number: Decimal("150.00")},
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=cents,
    payments=st.lists(st.integers(min_value=1, max_value=1000), max_size=5),
    credits=st.lists(st.integers(min_value=1, max_value=1000), max_size=3),
)
def test_balance_is_exact_decimal_arithmetic(session, amount, payments, credits):
    """Whatever split of payments and credits, the derived balance equals the Decimal sum to the cent."""
    example = session.begin_nested()  # each example rolls back its rows, so the transaction stays small
    try:
        _check_balance_split(session, amount, payments, credits)
    finally:
        example.rollback()


def _check_balance_split(session, amount, payments, credits):
    customer = make_customer(session)
    invoice = make_invoice(session, customer, amount=amount)
    # Scale the random weights to parts of the amount, rounding down to cents, so the total never exceeds it.
    weights = payments + credits
    total_weight = sum(weights) or 1
    parts = [(amount * w / total_weight / 2).quantize(Decimal("0.01"), rounding="ROUND_DOWN") for w in weights]
    expected = amount
    for i, part in enumerate(parts):
        if part <= 0:
            continue
        if i < len(payments):
            make_payment(session, invoice, part)
        else:
            make_credit_note(session, invoice, part)
        expected -= part
    [row] = invoice_balances(session, customer_id=customer.id)
    assert row.balance == expected
    assert row.balance == row.amount - row.paid - row.credited
    assert customer_open_balance(session, customer_id=customer.id) == expected
