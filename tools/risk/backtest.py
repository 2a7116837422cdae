"""A time-ordered backtest: train before a cutoff, score later invoices at their own issue dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
from pydantic import BaseModel

from tools.risk.features import build_features
from tools.risk.history import History, days_late, late_labels, to_timestamp
from tools.risk.metrics import ScoreMetrics, score_metrics
from tools.risk.model import RULES_FEATURE
from tools.risk.training import labelled_targets, train_risk_model


class BacktestReport(BaseModel):
    """Model against the customer late-rate heuristic on invoices issued on or after the cutoff."""

    cutoff: dt.date
    n_train: int
    n_test: int
    train_late_share: float
    test_late_share: float
    model_kind: str
    model_config_label: str
    selection: dict[str, object]
    feature_params: dict[str, float]
    model: ScoreMetrics
    heuristic: ScoreMetrics


def run_backtest(history: History, *, cutoff: dt.date) -> BacktestReport:
    """Train on invoices issued and settled before `cutoff`; score those issued on or after it.

    Each scored invoice's features come only from invoices settled before its own issue date (the
    feature builder masks later settlements), so the model never sees a test outcome it predicts.
    Invoices still open at the end of the file have no outcome and are not scored.
    """
    train_labels = labelled_targets(history, cutoff=cutoff)
    predictor = train_risk_model(history, cutoff=cutoff)
    invoices = history.invoices
    test = invoices[(invoices["issue_date"] >= to_timestamp(cutoff)) & invoices["settled_date"].notna()]
    features = build_features(history, test, scoring_days=test["issue_date"], params=predictor.params)
    late = late_labels(test).to_numpy()
    lateness = days_late(test).to_numpy()
    model_scores = predictor.predict(features)
    heuristic_scores = features[RULES_FEATURE].to_numpy(dtype=float)
    return BacktestReport(
        cutoff=cutoff,
        n_train=len(train_labels),
        n_test=len(test),
        train_late_share=float(train_labels.mean()) if len(train_labels) else 0.0,
        test_late_share=float(np.mean(late)) if len(late) else 0.0,
        model_kind=predictor.kind,
        model_config_label=predictor.candidate.label if predictor.candidate else predictor.kind,
        selection=dict(predictor.metrics.get("validation", {})),
        feature_params=predictor.params.model_dump(),
        model=score_metrics(late, lateness, model_scores),
        heuristic=score_metrics(late, lateness, heuristic_scores),
    )
