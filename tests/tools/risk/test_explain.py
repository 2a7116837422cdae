"""Explanations read as facts a collector can check against the customer's record."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tools.risk.explain import CustomerRecord, customer_record, explain
from tools.risk.history import History


def _record(**overrides: object) -> CustomerRecord:
    values: dict[str, object] = {
        "settled": 18, "late_of_last10": 7, "last10": 10, "late_of_last5": 4, "last5": 5, "mean_days_late": 12.4,
        "history_months": 18, "typical_amount": 1000.0, "open_invoices": 1, "overdue_invoices": 0,
        "oldest_overdue_days": 0, "promises_broken": 0, "promises_due": 0, "disputes_last_year": 0, "reminders": 0,
        "replies": 0, "portfolio_late_rate": 0.31, "paperless": float("nan"),
    }  # fmt: skip
    values.update(overrides)
    return CustomerRecord(**values)  # type: ignore[arg-type]


def test_the_reasons_that_raised_the_probability_come_first_in_plain_words() -> None:
    sentences = explain(
        _record(),
        {"comparable_late_share": 0.30, "mean_days_late": 0.05, "amount_ratio": 0.10},
        balance_ratio=3.2,
    )
    assert sentences[0] == "paid 7 of last 10 invoices late (portfolio 31%)"
    assert sentences[1] == "balance 3.2× their typical invoice"
    assert "average 12 days late over 18 months" in sentences


def test_facts_that_stand_out_are_listed_even_when_the_model_does_not_use_them() -> None:
    record = _record(overdue_invoices=2, oldest_overdue_days=14, promises_broken=2, promises_due=3)
    sentences = explain(record, {"late_rate": 0.2}, balance_ratio=1.0)
    assert "2 invoices already past due and unpaid (oldest 14 days)" in sentences
    assert "broke 2 of 3 promises to pay" in sentences


def test_a_good_payer_hears_what_holds_the_risk_down_first() -> None:
    record = _record(late_of_last10=0, late_of_last5=0, mean_days_late=0.0)
    assert explain(record, {"late_rate": -0.2}, balance_ratio=0.8) == [
        "paid 10 of last 10 invoices on time (portfolio 31% late)"
    ]
    overdue = _record(late_of_last10=0, late_of_last5=0, mean_days_late=0.0, overdue_invoices=1, oldest_overdue_days=3)
    assert explain(overdue, {"late_rate": -0.2}, balance_ratio=0.8) == [
        "paid 10 of last 10 invoices on time (portfolio 31% late)",
        "1 invoice already past due and unpaid (oldest 3 days)",
    ]


def test_several_routine_invoices_open_do_not_read_as_an_unusual_balance() -> None:
    routine = _record(late_of_last10=0, late_of_last5=0, mean_days_late=0.0, open_invoices=3)
    assert not any("typical invoice" in s for s in explain(routine, {}, balance_ratio=3.0))
    unusual = _record(open_invoices=3)
    assert "open balance 6.0× their typical invoice (3 invoices open)" in explain(unusual, {}, balance_ratio=6.0)


def test_a_thin_record_says_the_portfolio_rate_carries_the_estimate() -> None:
    record = _record(settled=1, late_of_last10=1, last10=1, late_of_last5=1, last5=1)
    assert explain(record, {"late_rate": 0.1}, balance_ratio=1.0)[0] == (
        "only 1 paid invoice on record, so risk leans on the portfolio 31% late rate"
    )


def test_customer_record_counts_only_what_was_known_at_the_end_of_the_day() -> None:
    rows = [
        ("1", "2024-01-01", "2024-01-31", "2024-02-10"),  # 10 days late
        ("2", "2024-02-01", "2024-03-02", "2024-03-01"),  # on time
        ("3", "2024-03-01", "2024-03-31", "2024-04-20"),  # late, but after as_of
    ]
    history = History(
        pd.DataFrame(
            [
                {
                    "customer_id": "A",
                    "invoice_id": i,
                    "issue_date": a,
                    "due_date": b,
                    "amount": 100.0,
                    "settled_date": c,
                }
                for i, a, b, c in rows
            ]
        )
    )
    record = customer_record(history, customer_id="A", as_of=dt.date(2024, 4, 10), portfolio_late_rate=0.3)
    assert (record.settled, record.late_of_last10, record.last10) == (2, 1, 2)
    assert record.mean_days_late == 5.0
    assert (record.open_invoices, record.overdue_invoices, record.oldest_overdue_days) == (1, 1, 10)
