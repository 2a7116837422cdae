"""Training uses only outcomes known before the cutoff, and falls back to rules on thin history."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tests.tools.risk.helpers import synthetic_history
from tools.risk.features import build_features
from tools.risk.history import History
from tools.risk.model import Candidate
from tools.risk.training import labelled_targets, train_risk_model, training_set

CUTOFF = dt.date(2024, 10, 1)
# Two cheap candidates keep the tests fast; the selection logic is the same as with the full list.
FAST = [Candidate(kind="rules"), Candidate(kind="logistic", feature_set="compact", c=1.0, min_history=0)]


def test_training_set_holds_only_invoices_issued_and_settled_before_the_cutoff() -> None:
    history = synthetic_history(customers=20, invoices_per_customer=25, seed=2)
    data = training_set(history, cutoff=CUTOFF, params=train_risk_model(history, cutoff=CUTOFF, candidates=FAST).params)
    day = pd.Timestamp(CUTOFF)
    assert len(data.targets) > 100
    assert (data.targets["settled_date"] < day).all()
    assert (data.targets["issue_date"] < day).all()
    # ...and every invoice that qualifies is in it.
    invoices = history.invoices
    qualifying = invoices[(invoices["issue_date"] < day) & (invoices["settled_date"] < day)]
    assert set(data.targets["invoice_id"]) == set(qualifying["invoice_id"])
    expected = (qualifying["settled_date"] > qualifying["due_date"]).astype(float)
    assert (data.labels.loc[qualifying.index] == expected).all()


def test_unpaid_overdue_invoices_are_late_labels_only_when_asked() -> None:
    history = synthetic_history(customers=10, invoices_per_customer=20, seed=5, end=CUTOFF)
    invoices = history.invoices
    unpaid_overdue = invoices[invoices["settled_date"].isna() & (invoices["due_date"] < pd.Timestamp(CUTOFF))]
    assert len(unpaid_overdue) > 0
    plain = labelled_targets(history, cutoff=CUTOFF)
    with_unpaid = labelled_targets(history, cutoff=CUTOFF, include_unpaid_overdue=True)
    assert not set(unpaid_overdue.index) & set(plain.index)
    assert (with_unpaid.loc[unpaid_overdue.index] == 1.0).all()


def test_the_trained_model_does_not_change_when_outcomes_after_the_cutoff_do() -> None:
    history = synthetic_history(customers=25, invoices_per_customer=25, seed=6)
    invoices = history.invoices
    day = pd.Timestamp(CUTOFF)
    rewritten = invoices.copy()
    later = rewritten["settled_date"] >= day
    rng = np.random.default_rng(0)
    rewritten.loc[later, "settled_date"] = rewritten.loc[later, "settled_date"] + pd.to_timedelta(
        rng.integers(0, 40, later.sum()), unit="D"
    )
    # Logistic only, so the test always covers a fitted estimator, whatever validation would pick.
    one = train_risk_model(history, cutoff=CUTOFF, candidates=FAST[1:])
    two = train_risk_model(history.with_invoices(rewritten), cutoff=CUTOFF, candidates=FAST[1:])
    assert one.kind == two.kind == "logistic"
    probe = invoices[invoices["issue_date"] >= day].head(50)
    features = build_features(history, probe, scoring_days=probe["issue_date"], params=one.params)
    np.testing.assert_allclose(one.predict(features), two.predict(features))
    assert one.params == two.params
    assert one.threshold == two.threshold


def _thin(settled: int, late: int) -> History:
    rows = []
    for i in range(settled):
        issue = pd.Timestamp("2024-01-01") + pd.Timedelta(days=i)
        due = issue + pd.Timedelta(days=30)
        settle = due + pd.Timedelta(days=5 if i < late else -5)
        rows.append(
            {"customer_id": f"C{i % 7}", "invoice_id": str(i), "issue_date": issue, "due_date": due, "amount": 100.0,
             "settled_date": settle}
        )  # fmt: skip
    return History(pd.DataFrame(rows))


def test_fewer_than_200_settled_invoices_fall_back_to_the_smoothed_late_rate() -> None:
    history = _thin(settled=150, late=60)
    predictor = train_risk_model(history, cutoff=dt.date(2025, 1, 1))
    assert predictor.kind == "rules"
    assert "150 known outcomes" in predictor.metrics["fallback_reason"]
    invoices = history.invoices
    features = build_features(history, invoices, scoring_days=invoices["issue_date"])
    np.testing.assert_allclose(predictor.predict(features), features["late_rate"])


def test_fewer_than_20_late_invoices_fall_back_to_rules_too() -> None:
    assert train_risk_model(_thin(settled=300, late=12), cutoff=dt.date(2025, 1, 1)).kind == "rules"


def test_enough_history_trains_a_fitted_model() -> None:
    history = synthetic_history(customers=25, invoices_per_customer=25, seed=8)
    predictor = train_risk_model(history, cutoff=CUTOFF, candidates=FAST[1:])
    assert predictor.kind == "logistic"
    assert predictor.estimator is not None
    assert 0.0 < predictor.threshold < 1.0
    assert predictor.metrics["n_train"] >= 200
