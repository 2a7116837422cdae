"""Scoring the open book from the ledger: probabilities, priority order, model versions, reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.orm import Session

from tests.factories import make_customer, make_dispute, make_invoice, make_payment, make_promise
from tests.tools.risk.helpers import seed_ledger, synthetic_history
from tools.models import Customer
from tools.risk.ledger_training import train_ledger_model
from tools.risk.model import Candidate
from tools.risk.scoring import (
    customer_risk,
    invoice_risks,
    is_predicted_late,
    predict_late_probability,
    score_accounts,
    score_open_book,
)
from tools.risk.training import train_risk_model

AS_OF = dt.date(2024, 9, 1)
D = dt.date


def _payer(session: Session, name: str, *, days_vs_due: int, segment: str = "standard") -> Customer:
    """Ten paid invoices settled `days_vs_due` days from their due dates, and one open 10 days past due."""
    customer = make_customer(session, name=name, segment=segment)
    for i in range(10):
        issue = D(2023, 9, 1) + dt.timedelta(days=30 * i)
        invoice = make_invoice(
            session,
            customer,
            issue_date=issue,
            due_date=issue + dt.timedelta(days=30),
            amount=Decimal("1000.00"),
        )
        make_payment(session, invoice, invoice.amount, on=issue + dt.timedelta(days=30 + days_vs_due))
    make_invoice(session, customer, issue_date=D(2024, 7, 23), due_date=D(2024, 8, 22), amount=Decimal("1000.00"))
    return customer


@pytest.fixture()
def ledger(session: Session) -> dict[str, Customer]:
    history = synthetic_history(customers=30, invoices_per_customer=16, seed=11, start=D(2024, 1, 1), end=AS_OF)
    return seed_ledger(session, history)


def test_before_any_training_the_rules_fallback_scores_every_open_account(
    session: Session, ledger: dict[str, Customer]
) -> None:
    accounts = score_accounts(session, as_of=AS_OF)
    assert accounts, "the seeded ledger has open invoices"
    assert {a.model_kind for a in accounts} == {"rules"}
    assert {a.model_version for a in accounts} == {None}
    assert [a.priority for a in accounts] == sorted((a.priority for a in accounts), reverse=True)
    for account in accounts:
        assert account.explanations, account.customer_name
        assert all(isinstance(inv.balance, Decimal) for inv in account.invoices)
        assert 0.0 <= account.probability_late <= 1.0


def test_training_stores_a_version_that_scoring_then_uses(session: Session, ledger: dict[str, Customer]) -> None:
    first = train_ledger_model(session, as_of=AS_OF)
    second = train_ledger_model(session, as_of=AS_OF)
    assert second.version == first.version + 1
    assert first.trained_through == AS_OF
    assert first.metrics["n_train"] >= 200
    accounts = score_accounts(session, as_of=AS_OF)
    assert {a.model_version for a in accounts} == {second.version}
    assert {a.model_kind for a in accounts} == {second.kind}


def test_a_habitually_late_payer_outranks_a_punctual_one_with_the_same_debt(
    session: Session, ledger: dict[str, Customer]
) -> None:
    train_ledger_model(session, as_of=AS_OF)
    punctual = _payer(session, "Punctual Co", days_vs_due=-10)
    tardy = _payer(session, "Tardy Co", days_vs_due=15)
    by_name = {a.customer_name: a for a in score_accounts(session, as_of=AS_OF)}
    assert by_name["Tardy Co"].probability_late > by_name["Punctual Co"].probability_late + 0.3
    assert by_name["Tardy Co"].priority > by_name["Punctual Co"].priority
    tardy_reasons = by_name["Tardy Co"].explanations
    assert any("of last 10 invoices late" in s for s in tardy_reasons), tardy_reasons
    assert any("days late over" in s for s in tardy_reasons), tardy_reasons
    assert by_name["Punctual Co"].explanations[0].startswith("paid 10 of last 10 invoices on time")
    assert customer_risk(session, customer_id=tardy.id, as_of=AS_OF) == by_name["Tardy Co"]
    assert punctual.id != tardy.id


def test_disputed_balance_is_excluded_and_a_pending_promise_lowers_priority(session: Session) -> None:
    customer = _payer(session, "Disputer", days_vs_due=10)
    other = _payer(session, "Promiser", days_vs_due=10)
    before = {a.customer_name: a for a in score_accounts(session, as_of=AS_OF)}
    assert before["Disputer"].priority == before["Promiser"].priority

    open_invoice = next(r for r in invoice_risks(session, as_of=AS_OF, customer_id=customer.id))
    from tools.models import Invoice

    make_dispute(session, session.get(Invoice, open_invoice.invoice_id), opened_on=D(2024, 8, 25))
    make_promise(session, other, recorded_on=D(2024, 8, 28), promised_date=D(2024, 9, 5))
    after = {a.customer_name: a for a in score_accounts(session, as_of=AS_OF)}
    assert after["Disputer"].disputed_balance == Decimal("1000.00")
    assert after["Disputer"].value_at_risk == Decimal("0.00")
    assert after["Disputer"].priority == 0
    assert after["Promiser"].pending_promise
    assert 0 < after["Promiser"].priority < before["Promiser"].priority


def test_per_invoice_probability_and_the_pre_due_gate(session: Session, ledger: dict[str, Customer]) -> None:
    train_ledger_model(session, as_of=AS_OF)
    risks = invoice_risks(session, as_of=AS_OF)
    assert risks
    one = risks[0]
    again = predict_late_probability(session, invoice_id=one.invoice_id, as_of=AS_OF)
    assert again == one
    accounts = score_accounts(session, as_of=AS_OF)
    threshold = accounts[0].threshold
    for risk in risks:
        assert risk.predicted_late == is_predicted_late(risk.probability_late, threshold=threshold)
    paid = make_invoice(session, make_customer(session), issue_date=D(2024, 8, 1), due_date=D(2024, 8, 31))
    make_payment(session, paid, paid.amount, on=D(2024, 8, 15))
    assert predict_late_probability(session, invoice_id=paid.id, as_of=AS_OF) is None


def test_scoring_a_past_day_ignores_what_happened_after_it() -> None:
    """The pure core the ledger functions use: open invoices at a day, scored from that day's knowledge."""
    history = synthetic_history(customers=20, invoices_per_customer=20, seed=13, start=D(2024, 1, 1))
    predictor = train_risk_model(history, cutoff=D(2024, 6, 1), candidates=[Candidate(kind="logistic", c=1.0)])
    as_of = D(2024, 7, 15)
    scored = score_open_book(history, predictor, as_of=as_of)
    day = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    book = scored.open_book
    assert len(book) > 0
    assert (book["issue_date"] < day).all() and not (book["settled_date"] < day).any()
    assert ((0 <= scored.probabilities) & (scored.probabilities <= 1)).all()

    rewritten = history.invoices.copy()
    later = rewritten["settled_date"] >= day
    rewritten.loc[later, "settled_date"] = pd.NaT
    again = score_open_book(history.with_invoices(rewritten), predictor, as_of=as_of)
    assert list(again.open_book.index) == list(book.index)
    np.testing.assert_allclose(again.probabilities, scored.probabilities)
