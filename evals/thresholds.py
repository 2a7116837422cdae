"""The gate: minimum figures from evals/thresholds.json, per metric, optionally per drafter and dataset."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.json"


class Threshold(BaseModel):
    """A metric's minimum; `drafter` and `dataset` (the dataset folder's name) narrow where it applies."""

    metric: str
    min: float = Field(ge=0, le=1)
    drafter: str | None = None
    dataset: str | None = None
    why: str = ""

    def applies(self, *, drafter: str, dataset: str) -> bool:
        """Whether this rule governs a run of `drafter` over `dataset`."""
        return self.drafter in (None, drafter) and self.dataset in (None, dataset)

    def specificity(self) -> int:
        """More specific rules override general ones for the same metric."""
        return (self.drafter is not None) + 2 * (self.dataset is not None)


class ThresholdFile(BaseModel):
    """evals/thresholds.json."""

    thresholds: list[Threshold]


class ThresholdResult(BaseModel):
    """One metric against its minimum."""

    metric: str
    minimum: float
    value: float | None
    passed: bool
    why: str = ""


def load_thresholds(path: Path = THRESHOLDS_PATH) -> list[Threshold]:
    """Read and validate the thresholds file."""
    return ThresholdFile.model_validate(json.loads(path.read_text(encoding="utf-8"))).thresholds


def applicable(thresholds: list[Threshold], *, drafter: str, dataset: str) -> list[Threshold]:
    """One rule per metric: the most specific that applies."""
    chosen: dict[str, Threshold] = {}
    for rule in thresholds:
        if not rule.applies(drafter=drafter, dataset=dataset):
            continue
        current = chosen.get(rule.metric)
        if current is None or rule.specificity() >= current.specificity():
            chosen[rule.metric] = rule
    return list(chosen.values())


def check_thresholds(
    values: dict[str, float | None], thresholds: list[Threshold], *, drafter: str, dataset: str
) -> list[ThresholdResult]:
    """Each applicable minimum against the run's figure; a metric the run did not measure is not judged."""
    results = []
    for rule in applicable(thresholds, drafter=drafter, dataset=dataset):
        value = values.get(rule.metric)
        results.append(ThresholdResult(metric=rule.metric, minimum=rule.min, value=value,
                                       passed=value is None or value >= rule.min - 1e-9, why=rule.why))
    return results
