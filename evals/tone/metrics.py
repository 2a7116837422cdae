"""Agreement between the tone scorer and the human labels: accuracy, kappa, per-tone and abuse figures."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    precision_recall_fscore_support,
)

from evals.scorers.tone import TOLERATED, ToneScore
from evals.tone.dataset import ABUSIVE_TONES, TONES, LabelledMessage


class ClassMetrics(BaseModel):
    """Precision, recall and F1 of one tone."""

    precision: float
    recall: float
    f1: float
    support: int


class AbuseMetrics(BaseModel):
    """How well the abusive flag finds the aggressive and rude messages."""

    recall: float
    precision: float
    abusive_rows: int
    flagged_rows: int
    missed: list[str]  # ids of abusive messages not flagged
    false_alarms: list[str]  # ids of acceptable messages flagged


class Miss(BaseModel):
    """One message where the scorer and the label disagree."""

    id: str
    label: str
    predicted: str


class Agreement(BaseModel):
    """Scorer-versus-label agreement on one set of messages."""

    rows: int
    accuracy: float
    cohen_kappa: float
    # Right if the heard tone is one the label's tone tolerates, or abusive flagged as abusive.
    tolerant_accuracy: float
    per_class: dict[str, ClassMetrics]
    confusion_labels: list[str]
    confusion: list[list[int]]  # rows: label, columns: predicted, in confusion_labels order
    abusive: AbuseMetrics
    disagreements: list[Miss]


def _r(value: float) -> float:
    return round(float(value), 4)


def _tolerated(label: str, score: ToneScore) -> bool:
    if label in ABUSIVE_TONES:
        return score.is_abusive
    return not score.is_abusive and score.tone in TOLERATED[label]  # type: ignore[index]


def _abuse(messages: Sequence[LabelledMessage], scores: Sequence[ToneScore]) -> AbuseMetrics:
    pairs = list(zip(messages, scores, strict=True))
    abusive = [m for m, _ in pairs if m.label in ABUSIVE_TONES]
    flagged = [m for m, s in pairs if s.is_abusive]
    caught = [m for m in flagged if m.label in ABUSIVE_TONES]
    return AbuseMetrics(
        recall=_r(len(caught) / len(abusive)) if abusive else 1.0,
        precision=_r(len(caught) / len(flagged)) if flagged else 1.0,
        abusive_rows=len(abusive),
        flagged_rows=len(flagged),
        missed=[m.id for m, s in pairs if m.label in ABUSIVE_TONES and not s.is_abusive],
        false_alarms=[m.id for m, s in pairs if m.label not in ABUSIVE_TONES and s.is_abusive],
    )


def measure(messages: Sequence[LabelledMessage], scores: Sequence[ToneScore]) -> Agreement:
    """Compare the scorer's tones with the labels, message by message."""
    labels = [m.label for m in messages]
    predicted = [s.tone for s in scores]
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=list(TONES), zero_division=0
    )
    per_class = {
        tone: ClassMetrics(precision=_r(p), recall=_r(r), f1=_r(f), support=int(n))
        for tone, p, r, f, n in zip(TONES, precision, recall, f1, support, strict=True)
    }
    matrix = confusion_matrix(labels, predicted, labels=list(TONES))
    tolerant = sum(_tolerated(m.label, s) for m, s in zip(messages, scores, strict=True))
    return Agreement(
        rows=len(messages),
        accuracy=_r(accuracy_score(labels, predicted)),
        cohen_kappa=_r(cohen_kappa_score(labels, predicted)),
        tolerant_accuracy=_r(tolerant / len(messages)),
        per_class=per_class,
        confusion_labels=list(TONES),
        confusion=[[int(v) for v in row] for row in matrix],
        abusive=_abuse(messages, scores),
        disagreements=[
            Miss(id=m.id, label=m.label, predicted=s.tone)
            for m, s in zip(messages, scores, strict=True)
            if m.label != s.tone
        ],
    )
