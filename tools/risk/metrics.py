"""Ranking and calibration metrics for late-payment scores."""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

TOP_SHARE = 0.2


class ScoreMetrics(BaseModel):
    """How well a score ranks and predicts late payment on a set of invoices."""

    auc: float
    average_precision: float
    precision_top20: float
    late_days_captured_top20: float
    brier: float


def top_mask(scores: np.ndarray, share: float = TOP_SHARE) -> np.ndarray:
    """The highest-scored `share` of rows; ties broken by row order so the result is reproducible."""
    count = max(1, math.ceil(share * len(scores)))
    order = np.argsort(-scores, kind="stable")
    mask = np.zeros(len(scores), dtype=bool)
    mask[order[:count]] = True
    return mask


def score_metrics(late: np.ndarray, days_late: np.ndarray, scores: np.ndarray) -> ScoreMetrics:
    """AUC, average precision, precision and share of late days in the top 20%, Brier score."""
    top = top_mask(scores)
    total_days = float(days_late.sum())
    return ScoreMetrics(
        auc=float(roc_auc_score(late, scores)),
        average_precision=float(average_precision_score(late, scores)),
        precision_top20=float(late[top].mean()),
        late_days_captured_top20=float(days_late[top].sum() / total_days) if total_days else 0.0,
        brier=float(brier_score_loss(late, np.clip(scores, 0.0, 1.0))),
    )


def best_f1_threshold(late: np.ndarray, scores: np.ndarray) -> float:
    """The probability cut that maximises F1 on these rows (0.5 when there is nothing to learn from)."""
    if len(scores) == 0 or late.sum() == 0 or late.sum() == len(late):
        return 0.5
    best, best_f1 = 0.5, -1.0
    for cut in np.unique(np.round(scores, 3)):
        flagged = scores >= cut
        tp = float((flagged & (late == 1)).sum())
        f1 = 2 * tp / (flagged.sum() + late.sum())
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best
