"""The backtest on the public IBM sample, and the metrics it reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tools.risk.backtest import run_backtest
from tools.risk.mappings import load_history
from tools.risk.metrics import best_f1_threshold, score_metrics, top_mask

IBM_AR = Path("/work/shared/data/ibm_ar/WA_Fn-UseC_-Accounts-Receivable.csv")
needs_ibm = pytest.mark.skipif(not IBM_AR.exists(), reason="IBM AR sample not present")


@needs_ibm
def test_the_ibm_mapping_reads_every_row_with_month_first_dates_and_no_dispute_flag() -> None:
    history = load_history(IBM_AR, mapping="ibm_ar")
    invoices = history.invoices
    assert len(invoices) == 2466
    assert invoices["customer_id"].nunique() == 100
    assert "disputed_on" not in invoices.columns and "Disputed" not in invoices.columns
    first = invoices[invoices["invoice_id"] == "611365"].iloc[0]  # 1/2/2013 issued, 1/15/2013 settled
    assert first["issue_date"].date() == dt.date(2013, 1, 2)
    assert first["settled_date"].date() == dt.date(2013, 1, 15)
    assert ((invoices["due_date"] - invoices["issue_date"]).dt.days == 30).all()


@needs_ibm
@pytest.mark.slow
def test_the_model_beats_the_late_rate_heuristic_on_the_ibm_sample() -> None:
    report = run_backtest(load_history(IBM_AR, mapping="ibm_ar"), cutoff=dt.date(2013, 5, 6))
    assert (report.n_train, report.n_test) == (1623, 741)
    # The reference heuristic figure from the sample's README: our heuristic is that heuristic.
    assert report.heuristic.auc == pytest.approx(0.874, abs=0.001)
    assert report.model.auc > 0.884  # the README's logistic regression on history features
    assert report.model.auc > report.heuristic.auc
    assert report.model.average_precision > report.heuristic.average_precision
    assert report.model.brier < report.heuristic.brier


def test_metrics_on_a_hand_checked_example() -> None:
    late = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 1], dtype=float)
    days = np.array([10, 0, 5, 0, 0, 0, 0, 0, 0, 5], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2])
    metrics = score_metrics(late, days, scores)
    assert list(np.flatnonzero(top_mask(scores))) == [0, 1]
    assert metrics.precision_top20 == 0.5
    assert metrics.late_days_captured_top20 == 0.5
    assert metrics.brier == pytest.approx(np.mean((scores - late) ** 2))
    assert best_f1_threshold(late, scores) == pytest.approx(0.2)
