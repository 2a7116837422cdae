"""The fitted late-payment predictor: a scikit-learn estimator, or the rules fallback, plus what it needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from tools.risk.features import FeatureParams

ModelKind = Literal["logistic", "gradient_boosting", "rules"]
RULES_FEATURE = "late_rate"  # the rules fallback is the customer's smoothed late rate, nothing else
FeatureSet = Literal["core", "compact", "all"]
_COMPACT = [
    "comparable_late_share",
    "late_rate",
    "settle_vs_due_ewm",
    "p_late_bayes",
    "known_late_rate",
    "overdue_count",
    "max_days_overdue",
    "amount_ratio",
    # Present only when the source records them (the ledger does, a CSV usually does not).
    "paperless",
    "disputes_last_365d",
    "open_disputes",
    "promises_broken",
    "promises_kept",
    "promises_pending",
    "reply_rate",
]


def select_features(feature_set: FeatureSet, available: list[str]) -> list[str]:
    """The model inputs of a feature set, among the features this history supports."""
    if feature_set == "core":
        return ["comparable_late_share"]
    if feature_set == "compact":
        return [name for name in _COMPACT if name in available]
    return list(available)


class Candidate(BaseModel):
    """One model configuration the time-ordered validation chooses among."""

    kind: ModelKind
    feature_set: FeatureSet = "compact"
    c: float = 1.0
    learning_rate: float = 0.05
    max_depth: int = 2
    max_iter: int = 150
    min_samples_leaf: int = 40
    # Training rows whose customer had fewer settled invoices look nothing like scoring-time rows.
    min_history: int = 0

    @property
    def label(self) -> str:
        """A short name for reports."""
        if self.kind == "rules":
            return "rules(smoothed customer late rate)"
        if self.kind == "logistic":
            return f"logistic(features={self.feature_set}, C={self.c}, min_history={self.min_history})"
        return (
            f"gradient_boosting(features={self.feature_set}, lr={self.learning_rate}, depth={self.max_depth}, "
            f"iter={self.max_iter}, leaf={self.min_samples_leaf}, min_history={self.min_history})"
        )


def single_threaded() -> threadpool_limits:
    """One native thread: on a few thousand rows OpenMP start-up costs far more than it saves."""
    return threadpool_limits(limits=1)


def make_estimator(candidate: Candidate) -> Pipeline | HistGradientBoostingClassifier:
    """An unfitted scikit-learn estimator for `candidate` (not for the rules fallback)."""
    if candidate.kind == "rules":
        raise ValueError("the rules fallback has no estimator")
    if candidate.kind == "logistic":
        return make_pipeline(
            SimpleImputer(strategy="median"),
            StandardScaler(),
            LogisticRegression(C=candidate.c, max_iter=5000),
        )
    return HistGradientBoostingClassifier(
        learning_rate=candidate.learning_rate,
        max_depth=candidate.max_depth,
        max_iter=candidate.max_iter,
        min_samples_leaf=candidate.min_samples_leaf,
        l2_regularization=1.0,
        random_state=0,
    )


@dataclass
class RiskPredictor:
    """Everything needed to score an invoice: feature list and parameters, estimator, baseline, threshold."""

    kind: ModelKind
    feature_names: list[str]  # the estimator's inputs, in order
    trained_through: dt.date
    params: FeatureParams = field(default_factory=FeatureParams)
    estimator: Any = None
    # Median training value per feature: the "typical invoice" explanations are measured against.
    baseline: dict[str, float] = field(default_factory=dict)
    # Probability at or above which an invoice counts as predicted late (pre-due courtesy reminder).
    threshold: float = 0.5
    candidate: Candidate | None = None
    metrics: dict[str, Any] = field(default_factory=dict)

    def predict(self, features: pd.DataFrame) -> np.ndarray:
        """P(paid late) per feature row."""
        if self.kind == "rules" or self.estimator is None:
            rates: np.ndarray = features[RULES_FEATURE].to_numpy(dtype=float).clip(0.0, 1.0)
            return rates
        with single_threaded():
            proba = self.estimator.predict_proba(features[self.feature_names])
        return np.asarray(proba[:, 1], dtype=float)


def rules_predictor(*, trained_through: dt.date, reason: str) -> RiskPredictor:
    """The fallback when history is too thin to fit: the smoothed customer late rate."""
    return RiskPredictor(
        kind="rules",
        feature_names=[RULES_FEATURE],
        trained_through=trained_through,
        metrics={"fallback_reason": reason},
    )
