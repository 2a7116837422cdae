"""Loading the payment history from the ledger tables, as the ledger stood at a given day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from tests.factories import (
    make_communication,
    make_credit_note,
    make_customer,
    make_dispute,
    make_invoice,
    make_payment,
    make_promise,
)
from tools.risk.ledger_history import load_ledger_history

D = dt.date


def _row(frame: pd.DataFrame, number: str) -> pd.Series:
    return frame[frame["number"] == number].iloc[0]


def test_settled_date_is_the_payment_that_brought_the_balance_to_zero(session: Session) -> None:
    customer = make_customer(session)
    invoice = make_invoice(
        session,
        customer,
        number="INV-A",
        issue_date=D(2026, 1, 1),
        due_date=D(2026, 1, 31),
        amount=Decimal("1000.00"),
    )
    make_payment(session, invoice, Decimal("400.00"), on=D(2026, 1, 20))
    make_credit_note(session, invoice, Decimal("100.00"), issued_on=D(2026, 1, 25))
    make_payment(session, invoice, Decimal("500.00"), on=D(2026, 2, 10))

    frame = load_ledger_history(session, as_of=D(2026, 3, 1)).invoices
    row = _row(frame, "INV-A")
    assert row["settled_date"] == pd.Timestamp("2026-02-10")
    assert row["balance"] == Decimal("0.00")


def test_a_past_as_of_sees_the_ledger_as_it_was(session: Session) -> None:
    customer = make_customer(session)
    invoice = make_invoice(
        session,
        customer,
        number="INV-B",
        issue_date=D(2026, 1, 1),
        due_date=D(2026, 1, 31),
        amount=Decimal("1000.00"),
    )
    make_payment(session, invoice, Decimal("400.00"), on=D(2026, 1, 20))
    make_payment(session, invoice, Decimal("600.00"), on=D(2026, 2, 10))
    make_invoice(session, customer, number="INV-LATER", issue_date=D(2026, 2, 5), due_date=D(2026, 3, 7))
    make_dispute(session, invoice, opened_on=D(2026, 2, 2), status="resolved", resolved_on=D(2026, 2, 8))

    frame = load_ledger_history(session, as_of=D(2026, 2, 3)).invoices
    row = _row(frame, "INV-B")
    assert pd.isna(row["settled_date"])
    assert row["balance"] == Decimal("600.00")
    assert row["disputed_on"] == pd.Timestamp("2026-02-02")
    assert pd.isna(row["dispute_resolved_on"])  # resolved later: still open on Feb 3
    assert "INV-LATER" not in set(frame["number"])


def test_an_invoice_cancelled_by_credit_notes_is_not_payment_behaviour(session: Session) -> None:
    customer = make_customer(session)
    invoice = make_invoice(session, customer, number="INV-C", amount=Decimal("300.00"))
    make_credit_note(session, invoice, Decimal("300.00"), issued_on=D(2026, 9, 5))
    frame = load_ledger_history(session, as_of=D(2026, 12, 1)).invoices
    assert "INV-C" not in set(frame["number"])


def test_promises_and_contacts_come_along_up_to_as_of(session: Session) -> None:
    customer = make_customer(session)
    make_invoice(session, customer)
    make_promise(session, customer, recorded_on=D(2026, 11, 10), promised_date=D(2026, 11, 30))
    make_promise(session, customer, recorded_on=D(2026, 12, 10), promised_date=D(2026, 12, 20))
    make_communication(session, customer, at=dt.datetime(2026, 11, 1, 14, tzinfo=dt.UTC))
    make_communication(session, customer, at=dt.datetime(2026, 12, 5, 9, tzinfo=dt.UTC))

    history = load_ledger_history(session, as_of=D(2026, 12, 1))
    assert len(history.promises) == 1
    assert len(history.communications) == 1
    assert history.communications["at"].iloc[0] == pd.Timestamp("2026-11-01")
