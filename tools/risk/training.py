"""Training a risk model on a history up to a cutoff, choosing its configuration on earlier data only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.risk.features import FeatureParams, build_features, fit_feature_params
from tools.risk.history import History, to_timestamp
from tools.risk.metrics import best_f1_threshold, score_metrics
from tools.risk.model import (
    Candidate,
    RiskPredictor,
    make_estimator,
    rules_predictor,
    select_features,
    single_threaded,
)

MIN_SETTLED = 200
MIN_LATE = 20
# Validation folds start at these quantiles of the training rows' issue dates and run to the next.
FOLD_STARTS = (0.55, 0.70, 0.85, 1.0)
CANDIDATES = [
    Candidate(kind="rules"),
    Candidate(kind="logistic", feature_set="core", c=1.0, min_history=3),
    Candidate(kind="logistic", feature_set="compact", c=1.0, min_history=3),
    Candidate(kind="logistic", feature_set="compact", c=0.05, min_history=3),
    Candidate(kind="logistic", feature_set="all", c=0.05, min_history=3),
    Candidate(kind="gradient_boosting", feature_set="compact", min_history=3),
    Candidate(kind="gradient_boosting", feature_set="all", min_history=3),
    Candidate(
        kind="gradient_boosting",
        feature_set="all",
        learning_rate=0.03,
        max_depth=3,
        max_iter=300,
        min_samples_leaf=20,
    ),
]


@dataclass(frozen=True)
class TrainingSet:
    """Labelled invoices known at a cutoff, with features each computed at its own issue date."""

    targets: pd.DataFrame
    features: pd.DataFrame
    labels: pd.Series


class CandidateScore(BaseModel):
    """Mean validation figures of one candidate over the time-ordered folds."""

    label: str
    auc: float
    brier: float


class Selection(BaseModel):
    """Which candidate the time-ordered validation chose, and how every candidate scored."""

    chosen: Candidate
    scores: list[CandidateScore]
    folds: list[tuple[dt.date, dt.date]]
    threshold: float


def labelled_targets(history: History, *, cutoff: dt.date, include_unpaid_overdue: bool = False) -> pd.Series:
    """Late labels of the invoices whose outcome was known before `cutoff`, indexed like `history.invoices`.

    By default that is invoices issued and settled before the cutoff. With `include_unpaid_overdue`,
    invoices still open at the cutoff but already past due count as late too: that is also known then.
    """
    invoices = history.invoices
    day = to_timestamp(cutoff)
    issued = invoices["issue_date"] < day
    settled = invoices["settled_date"] < day
    labels = (invoices["settled_date"] > invoices["due_date"]).astype(float)[issued & settled]
    if include_unpaid_overdue:
        unpaid_overdue = issued & ~settled & (invoices["due_date"] < day)
        labels = pd.concat([labels, pd.Series(1.0, index=invoices.index[unpaid_overdue])]).sort_index()
    return labels


def training_set(
    history: History, *, cutoff: dt.date, params: FeatureParams, include_unpaid_overdue: bool = False
) -> TrainingSet:
    """Features (at each invoice's issue date) and labels for the invoices known at `cutoff`."""
    labels = labelled_targets(history, cutoff=cutoff, include_unpaid_overdue=include_unpaid_overdue)
    targets = history.invoices.loc[labels.index]
    features = build_features(history, targets, scoring_days=targets["issue_date"], params=params)
    return TrainingSet(targets=targets, features=features, labels=labels)


def fit_candidate(candidate: Candidate, data: TrainingSet) -> RiskPredictor:
    """Fit `candidate` on `data` (the rules fallback has nothing to fit)."""
    trained_through = data.targets["issue_date"].max().date() if len(data.targets) else dt.date.min
    if candidate.kind == "rules":
        return rules_predictor(trained_through=trained_through, reason="chosen on validation")
    names = select_features(candidate.feature_set, list(data.features.columns))
    keep = data.features["n_settled"] >= candidate.min_history
    if keep.sum() < MIN_SETTLED // 2 or data.labels[keep].nunique() < 2:
        keep = pd.Series(True, index=data.features.index)
    estimator = make_estimator(candidate)
    with single_threaded():
        estimator.fit(data.features.loc[keep, names], data.labels[keep].astype(int))
    return RiskPredictor(
        kind=candidate.kind,
        feature_names=names,
        trained_through=trained_through,
        estimator=estimator,
        candidate=candidate,
        baseline=_baseline(data.features),
    )


def select_candidate(
    history: History,
    *,
    cutoff: dt.date,
    candidates: list[Candidate] | None = None,
    include_unpaid_overdue: bool = False,
) -> Selection:
    """Pick the candidate with the best mean AUC over time-ordered folds inside the training period.

    Each fold trains on what was known at the fold's start (features fitted then too) and validates
    on the training invoices issued in the fold; nothing on or after `cutoff` is touched.
    """
    candidates = candidates or CANDIDATES
    labels = labelled_targets(history, cutoff=cutoff, include_unpaid_overdue=include_unpaid_overdue)
    issue = history.invoices.loc[labels.index, "issue_date"].sort_values()
    bounds = [issue.iloc[min(int(q * len(issue)), len(issue) - 1)] for q in FOLD_STARTS]
    bounds[-1] = to_timestamp(cutoff)
    folds: list[tuple[dt.date, dt.date]] = []
    aucs: dict[int, list[float]] = {i: [] for i in range(len(candidates))}
    briers: dict[int, list[float]] = {i: [] for i in range(len(candidates))}
    pooled: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {i: [] for i in range(len(candidates))}
    for start, end in zip(bounds[:-1], bounds[1:], strict=False):
        params = fit_feature_params(history, before=start)
        fit = training_set(history, cutoff=start.date(), params=params, include_unpaid_overdue=include_unpaid_overdue)
        in_fold = labels[(issue >= start) & (issue < end)].index
        if len(in_fold) == 0 or labels[in_fold].nunique() < 2 or fit.labels.nunique() < 2:
            continue
        rows = history.invoices.loc[in_fold]
        val_features = build_features(history, rows, scoring_days=rows["issue_date"], params=params)
        y = labels[in_fold].to_numpy()
        folds.append((start.date(), end.date()))
        for i, candidate in enumerate(candidates):
            scores = fit_candidate(candidate, fit).predict(val_features)
            metrics = score_metrics(y, np.zeros(len(y)), scores)
            aucs[i].append(metrics.auc)
            briers[i].append(metrics.brier)
            pooled[i].append((y, scores))
    if not folds:
        return Selection(chosen=candidates[0], scores=[], folds=[], threshold=0.5)
    means = [float(np.mean(aucs[i])) for i in range(len(candidates))]
    best = int(np.argmax(means))
    y_all = np.concatenate([y for y, _ in pooled[best]])
    s_all = np.concatenate([s for _, s in pooled[best]])
    return Selection(
        chosen=candidates[best],
        scores=[
            CandidateScore(label=c.label, auc=means[i], brier=float(np.mean(briers[i])))
            for i, c in enumerate(candidates)
        ],
        folds=folds,
        threshold=best_f1_threshold(y_all, s_all),
    )


def train_risk_model(
    history: History,
    *,
    cutoff: dt.date,
    candidates: list[Candidate] | None = None,
    include_unpaid_overdue: bool = False,
) -> RiskPredictor:
    """Train on what was known before `cutoff`; the rules fallback when there are too few outcomes."""
    params = fit_feature_params(history, before=cutoff)
    data = training_set(history, cutoff=cutoff, params=params, include_unpaid_overdue=include_unpaid_overdue)
    n_late = int(data.labels.sum())
    if len(data.labels) < MIN_SETTLED or n_late < MIN_LATE or n_late == len(data.labels):
        reason = f"{len(data.labels)} known outcomes, {n_late} late: fewer than {MIN_SETTLED} or {MIN_LATE}"
        if n_late == len(data.labels) and len(data.labels):
            reason = f"all {n_late} known outcomes were late: nothing to contrast them with"
        fallback = rules_predictor(trained_through=cutoff, reason=reason)
        fallback.params = params
        fallback.threshold = best_f1_threshold(data.labels.to_numpy(), fallback.predict(data.features))
        fallback.baseline = _baseline(data.features)
        return fallback
    selection = select_candidate(
        history, cutoff=cutoff, candidates=candidates, include_unpaid_overdue=include_unpaid_overdue
    )
    predictor = fit_candidate(selection.chosen, data)
    predictor.trained_through = cutoff
    predictor.params = params
    predictor.baseline = _baseline(data.features)
    predictor.threshold = selection.threshold
    predictor.candidate = selection.chosen
    predictor.metrics = {
        "n_train": len(data.labels),
        "n_late": n_late,
        "validation": selection.model_dump(mode="json"),
    }
    return predictor


def _baseline(features: pd.DataFrame) -> dict[str, float]:
    """The median training row: what a typical invoice looks like, for explanations."""
    medians = features.median(numeric_only=True)
    return {name: float(value) for name, value in medians.items() if not np.isnan(value)}
