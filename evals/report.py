"""The eval report: per-scenario verdicts, aggregates overall and by action and tier, metrics, the gate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.aggregate import GroupSummary, by_key, metrics, summarise
from evals.scoring import ScenarioScore
from evals.thresholds import Threshold, ThresholdResult, check_thresholds


class EvalReport(BaseModel):
    """One run of the agent over a dataset, scored."""

    dataset: str  # the dataset folder's name ("scenarios", "examples"), which thresholds key on
    dataset_path: str
    drafter: str  # "template" or "llm"
    model: str | None = None
    started_at: dt.datetime
    finished_at: dt.datetime
    scenarios: list[ScenarioScore]
    overall: GroupSummary
    by_action: dict[str, GroupSummary]
    by_tier: dict[str, GroupSummary]
    metrics: dict[str, float | None]
    thresholds: list[ThresholdResult] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every applicable threshold met."""
        return all(t.passed for t in self.thresholds)

    def summary(self) -> dict[str, Any]:
        """The short form stored in eval_run.summary and shown on the Evals page."""
        return {
            "dataset": self.dataset, "drafter": self.drafter, "model": self.model, "passed": self.passed,
            "scenarios": self.overall.scenarios, "scenarios_passed": self.overall.passed,
            "metrics": self.metrics,
            "failed_thresholds": [t.metric for t in self.thresholds if not t.passed],
            "failing_scenarios": [s.id for s in self.scenarios if not s.passed],
        }

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, with the computed verdicts spelt out for readers that are not this code."""
        data = self.model_dump(mode="json")
        data["passed"] = self.passed
        for raw, score in zip(data["scenarios"], self.scenarios, strict=True):
            raw["passed"] = score.passed
        return data


def build_report(
    scores: list[ScenarioScore], *, dataset: str, dataset_path: str, drafter: str, model: str | None,
    started_at: dt.datetime, finished_at: dt.datetime, thresholds: list[Threshold],
) -> EvalReport:
    """Aggregate the scores and hold them to the thresholds."""
    values = metrics(scores)
    return EvalReport(
        dataset=dataset, dataset_path=dataset_path, drafter=drafter, model=model,
        started_at=started_at, finished_at=finished_at, scenarios=scores,
        overall=summarise(scores), by_action=by_key(scores, "action"), by_tier=by_key(scores, "tier"),
        metrics=values, thresholds=check_thresholds(values, thresholds, drafter=drafter, dataset=dataset),
    )


def save_report(report: EvalReport, path: Path) -> None:
    """Write the report as JSON (also the format of a baseline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")


def load_report(path: Path) -> EvalReport:
    """Read a report or baseline written by save_report."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return EvalReport.model_validate(data)
