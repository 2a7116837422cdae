"""The rules fallback for risk: smoothed late rate, priority, and the order a run works accounts in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from agent.risk import RulesRiskEstimator
from tests.factories import make_customer, make_invoice, make_payment
from tools.accounts import load_account

AS_OF = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


def test_late_payer_scores_higher_than_punctual_payer_with_the_same_debt(session):
    estimator = RulesRiskEstimator()
    accounts = []
    for late_days in (0, 20):
        customer = make_customer(session)
        for month in range(1, 9):
            invoice = make_invoice(session, customer, issue_date=dt.date(2026, month, 1),
                                   due_date=dt.date(2026, month, 28), amount=Decimal("500.00"))
            make_payment(session, invoice, Decimal("500.00"), on=invoice.due_date + dt.timedelta(days=late_days))
        make_invoice(session, customer, due_date=dt.date(2026, 11, 1), amount=Decimal("900.00"))
        accounts.append(load_account(session, customer_id=customer.id))
    punctual, late = (estimator.estimate(session, a, as_of=AS_OF) for a in accounts)
    assert late.customer_probability > 0.6 > 0.2 > punctual.customer_probability
    assert late.priority > punctual.priority
    assert "paid 8 of 8 settled invoices late" in late.explanations[0]


def test_run_order_puts_the_most_money_longest_overdue_first(session):
    small_old = make_customer(session)
    make_invoice(session, small_old, due_date=dt.date(2026, 9, 1), amount=Decimal("100.00"))
    big_old = make_customer(session)
    make_invoice(session, big_old, due_date=dt.date(2026, 9, 1), amount=Decimal("9000.00"))
    not_due = make_customer(session)
    make_invoice(session, not_due, due_date=dt.date(2026, 12, 30), amount=Decimal("50000.00"))
    ordered = RulesRiskEstimator().order(session, [not_due.id, small_old.id, big_old.id], as_of=AS_OF)
    assert ordered == [big_old.id, small_old.id, not_due.id]
