"""Compare two eval reports (a baseline and a new run): scenarios that flipped, metrics that dropped."""

from __future__ import annotations

from pydantic import BaseModel, Field

from evals.report import EvalReport

# Metric drops smaller than this are rounding, not regressions.
TOLERANCE = 1e-9


class ScenarioChange(BaseModel):
    """One scorer's verdict on one scenario moving between runs."""

    scenario: str
    scorer: str
    before: bool
    after: bool
    detail: str = ""  # the new run's first detail line for that scorer


class MetricChange(BaseModel):
    """One metric's value in each run."""

    metric: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        """after − before, when both were measured."""
        return None if self.before is None or self.after is None else round(self.after - self.before, 4)


class Comparison(BaseModel):
    """What changed from `baseline` to `current`."""

    baseline: str
    current: str
    regressions: list[ScenarioChange] = Field(default_factory=list)  # pass → fail
    improvements: list[ScenarioChange] = Field(default_factory=list)  # fail → pass
    metric_drops: list[MetricChange] = Field(default_factory=list)
    metric_gains: list[MetricChange] = Field(default_factory=list)
    only_in_baseline: list[str] = Field(default_factory=list)
    only_in_current: list[str] = Field(default_factory=list)
    newly_failed_thresholds: list[str] = Field(default_factory=list)

    @property
    def regressed(self) -> bool:
        """Any scenario flipped to fail, any metric dropped, or any threshold newly missed."""
        return bool(self.regressions or self.metric_drops or self.newly_failed_thresholds)


def label(report: EvalReport) -> str:
    """How a run is named in a comparison: drafter (and model) over dataset, with its start time."""
    model = f" ({report.model})" if report.model else ""
    return f"{report.drafter}{model} on {report.dataset} at {report.started_at:%Y-%m-%d %H:%M}"


def compare(baseline: EvalReport, current: EvalReport) -> Comparison:
    """Per-scenario flips (pass→fail regressions, fail→pass improvements) and per-metric moves."""
    result = Comparison(baseline=label(baseline), current=label(current))
    before = {s.id: s for s in baseline.scenarios}
    after = {s.id: s for s in current.scenarios}
    result.only_in_baseline = sorted(set(before) - set(after))
    result.only_in_current = sorted(set(after) - set(before))
    for scenario_id in sorted(set(before) & set(after)):
        old, new = before[scenario_id], after[scenario_id]
        for r in new.results:
            previous = old.result(r.name)
            if previous is None or not (previous.applicable and r.applicable) or previous.passed == r.passed:
                continue
            change = ScenarioChange(scenario=scenario_id, scorer=r.name, before=previous.passed, after=r.passed,
                                    detail=r.details[0] if r.details else "")
            (result.improvements if r.passed else result.regressions).append(change)
    for metric in sorted(set(baseline.metrics) | set(current.metrics)):
        move = MetricChange(metric=metric, before=baseline.metrics.get(metric), after=current.metrics.get(metric))
        if move.delta is not None and move.delta < -TOLERANCE:
            result.metric_drops.append(move)
        elif move.delta is not None and move.delta > TOLERANCE:
            result.metric_gains.append(move)
    was_ok = {t.metric for t in baseline.thresholds if t.passed}
    result.newly_failed_thresholds = sorted(t.metric for t in current.thresholds
                                            if not t.passed and (t.metric in was_ok or not baseline.thresholds))
    return result
