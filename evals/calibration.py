"""Calibration of the agent's confidence against approve-without-edit: reliability table, Brier score, and
two recalibration maps (isotonic and Platt) fitted on observed outcomes. Pure functions, no database."""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel

Pair = tuple[float, bool]  # (confidence, approved without edit)
FOLDS = 5
EPS = 1e-6


class ReliabilityBin(BaseModel):
    """Drafts whose confidence fell in [lower, upper): how confident the agent was, how often it was right."""

    lower: float
    upper: float
    count: int
    mean_confidence: float | None
    observed_rate: float | None

    @property
    def gap(self) -> float | None:
        """observed − predicted: positive means the agent was under-confident in this bin."""
        if self.mean_confidence is None or self.observed_rate is None:
            return None
        return round(self.observed_rate - self.mean_confidence, 4)


class IsotonicStep(BaseModel):
    """Raw confidence up to `upper` maps to `value` (a non-decreasing step function)."""

    upper: float
    value: float


class PlattMap(BaseModel):
    """calibrated = 1 / (1 + exp(−(a · logit(raw) + b)))."""

    a: float
    b: float


def reliability_table(pairs: Sequence[Pair], bins: int = 10) -> list[ReliabilityBin]:
    """Equal-width confidence bins over [0, 1]; the last bin includes 1.0."""
    rows = []
    for i in range(bins):
        lower, upper = i / bins, (i + 1) / bins
        inside = [(c, y) for c, y in pairs if lower <= c < upper or (i == bins - 1 and c == upper)]
        rows.append(ReliabilityBin(
            lower=round(lower, 4), upper=round(upper, 4), count=len(inside),
            mean_confidence=round(sum(c for c, _ in inside) / len(inside), 4) if inside else None,
            observed_rate=round(sum(y for _, y in inside) / len(inside), 4) if inside else None,
        ))
    return rows


def brier_score(pairs: Sequence[Pair]) -> float | None:
    """Mean squared gap between confidence and outcome (0 is perfect; always saying 0.5 scores 0.25)."""
    if not pairs:
        return None
    return round(sum((c - float(y)) ** 2 for c, y in pairs) / len(pairs), 4)


def expected_calibration_error(pairs: Sequence[Pair], bins: int = 10) -> float | None:
    """Count-weighted mean |observed − predicted| over the reliability bins."""
    if not pairs:
        return None
    total = sum(abs(b.gap) * b.count for b in reliability_table(pairs, bins) if b.gap is not None)
    return round(total / len(pairs), 4)


def fit_isotonic(pairs: Sequence[Pair]) -> list[IsotonicStep]:
    """Pool-adjacent-violators: the non-decreasing step map from confidence to outcome rate that fits best."""
    # Tied confidences form one block first, so a step never splits drafts the agent scored alike.
    blocks: list[list[float]] = []  # [upper confidence, sum of outcomes, count]
    for c, y in sorted(pairs):
        if blocks and blocks[-1][0] == c:
            blocks[-1][1] += float(y)
            blocks[-1][2] += 1
        else:
            blocks.append([c, float(y), 1.0])
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and merged[-2][1] / merged[-2][2] > merged[-1][1] / merged[-1][2]:
            top = merged.pop()
            merged[-1] = [top[0], merged[-1][1] + top[1], merged[-1][2] + top[2]]
    return [IsotonicStep(upper=round(u, 4), value=round(s / n, 4)) for u, s, n in merged]


def apply_isotonic(steps: Sequence[IsotonicStep], confidence: float) -> float:
    """The calibrated value for a raw confidence (above the last step: the last value)."""
    if not steps:
        return confidence
    return next((s.value for s in steps if confidence <= s.upper), steps[-1].value)


def _logit(p: float) -> float:
    p = min(1 - EPS, max(EPS, p))
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def _log_loss(a: float, b: float, xs: Sequence[float], ts: Sequence[float]) -> float:
    total = 0.0
    for x, t in zip(xs, ts, strict=True):
        p = min(1 - 1e-15, max(1e-15, _sigmoid(a * x + b)))
        total -= t * math.log(p) + (1 - t) * math.log(1 - p)
    return total


def fit_platt(pairs: Sequence[Pair], iterations: int = 100) -> PlattMap:
    """Logistic regression of the outcome on logit(confidence), Platt's smoothed targets, damped Newton."""
    positives = sum(y for _, y in pairs)
    negatives = len(pairs) - positives
    # Smoothed targets keep the fit finite when the outcomes separate perfectly (few decisions).
    hi, lo = (positives + 1) / (positives + 2), 1 / (negatives + 2)
    xs = [_logit(c) for c, _ in pairs]
    ts = [hi if y else lo for _, y in pairs]
    a, b = 1.0, 0.0  # the identity map: start from "the raw score is right"
    loss = _log_loss(a, b, xs, ts)
    for _ in range(iterations):
        g_a = g_b = h_aa = h_ab = h_bb = 0.0
        for x, t in zip(xs, ts, strict=True):
            p = _sigmoid(a * x + b)
            w = max(p * (1 - p), 1e-12)
            g_a += (p - t) * x
            g_b += p - t
            h_aa += w * x * x
            h_ab += w * x
            h_bb += w
        det = h_aa * h_bb - h_ab * h_ab
        if abs(det) < 1e-12:
            break
        step_a = (h_bb * g_a - h_ab * g_b) / det
        step_b = (h_aa * g_b - h_ab * g_a) / det
        # Plain Newton can overshoot and diverge on logistic losses; halve the step until the loss falls.
        scale = 1.0
        while scale > 1e-6 and _log_loss(a - scale * step_a, b - scale * step_b, xs, ts) > loss:
            scale /= 2
        a, b = a - scale * step_a, b - scale * step_b
        new_loss = _log_loss(a, b, xs, ts)
        if loss - new_loss < 1e-12:
            break
        loss = new_loss
    return PlattMap(a=round(a, 4), b=round(b, 4))


def apply_platt(mapping: PlattMap, confidence: float) -> float:
    """The calibrated value for a raw confidence."""
    return _sigmoid(mapping.a * _logit(confidence) + mapping.b)


def cross_validated_brier(pairs: Sequence[Pair], method: str) -> float | None:
    """Brier score of a map fitted on four folds and applied to the fifth (folds by position): honest, unlike
    the in-sample figure, which flatters isotonic regression."""
    if len(pairs) < FOLDS * 2:
        return None
    predictions: list[Pair] = []
    for fold in range(FOLDS):
        train = [p for i, p in enumerate(pairs) if i % FOLDS != fold]
        test = [p for i, p in enumerate(pairs) if i % FOLDS == fold]
        if method == "isotonic":
            steps = fit_isotonic(train)
            predictions += [(apply_isotonic(steps, c), y) for c, y in test]
        else:
            mapping = fit_platt(train)
            predictions += [(apply_platt(mapping, c), y) for c, y in test]
    return brier_score(predictions)
