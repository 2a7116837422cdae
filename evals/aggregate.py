"""Aggregate scenario scores: pass rates per scorer, overall and by action and tier, and the named metrics
the thresholds read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from evals.scorers.base import ScoreResult
from evals.scoring import DECISION_SCORERS, ScenarioScore

NO_TIER = "none"
# Metric name → scorer whose pass rate it is.
RATE_METRICS = {
    "action_accuracy": "action",
    "tier_accuracy": "tier",
    "recipient_accuracy": "recipient",
    "approval_accuracy": "manager_approval",
    "factual_pass_rate": "factual",
    "guardrail_pass_rate": "guardrails",
    "tone_agreement": "tone",
    "readability_pass_rate": "readability",
    "judge_agreement": "llm_judge_tone",
}


class Rate(BaseModel):
    """How many of the scenarios a scorer applied to passed it."""

    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        """passed / total, or None when the scorer never applied."""
        return self.passed / self.total if self.total else None


class GroupSummary(BaseModel):
    """Pass counts for one group of scenarios (everything, one action, one tier)."""

    scenarios: int = 0
    passed: int = 0
    by_scorer: dict[str, Rate] = Field(default_factory=dict)
    mean_score: dict[str, float] = Field(default_factory=dict)


def summarise(scores: Iterable[ScenarioScore]) -> GroupSummary:
    """Per-scorer pass counts and mean scores over the applicable results."""
    group = GroupSummary()
    sums: dict[str, float] = defaultdict(float)
    for s in scores:
        group.scenarios += 1
        group.passed += int(s.passed)
        for r in s.results:
            if not r.applicable:
                continue
            rate = group.by_scorer.setdefault(r.name, Rate())
            rate.total += 1
            rate.passed += int(r.passed)
            sums[r.name] += r.score
    group.mean_score = {name: round(sums[name] / rate.total, 4) for name, rate in group.by_scorer.items()}
    return group


def by_key(scores: Sequence[ScenarioScore], key: str) -> dict[str, GroupSummary]:
    """Summaries grouped by an expected field ("action" or "tier"), in first-seen order sorted by name."""
    groups: dict[str, list[ScenarioScore]] = defaultdict(list)
    for s in scores:
        groups[str(s.expected.get(key) or NO_TIER)].append(s)
    return {name: summarise(groups[name]) for name in sorted(groups)}


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _count(scores: Sequence[ScenarioScore], scorer: str, key: str) -> int:
    return sum(r.counts.get(key, 0) for r in _applicable(scores, scorer))


def _passed(score: ScenarioScore, scorer: str) -> bool:
    result = score.result(scorer)
    return result is not None and result.passed


def _applicable(scores: Sequence[ScenarioScore], scorer: str) -> list[ScoreResult]:
    results = [s.result(scorer) for s in scores]
    return [r for r in results if r is not None and r.applicable]


def _clean(counts: dict[str, int], key: str) -> bool:
    # A scenario whose run raised has no counts at all; it must never count as clean.
    return not counts.get("error") and counts.get(key, 0) == 0


def metrics(scores: Sequence[ScenarioScore]) -> dict[str, float | None]:
    """The named figures the thresholds and the comparison read (all: higher is better)."""
    overall = summarise(scores)
    out: dict[str, float | None] = {
        name: (round(rate, 4) if (rate := overall.by_scorer.get(scorer, Rate()).rate) is not None else None)
        for name, scorer in RATE_METRICS.items()
    }
    decided = [s for s in scores if all(_passed(s, name) for name in DECISION_SCORERS)]
    out["decision_accuracy"] = _ratio(len(decided), len(scores))
    out["scenario_pass_rate"] = _ratio(overall.passed, len(scores))
    out["run_success_rate"] = _ratio(sum(s.error is None for s in scores), len(scores))
    out["claim_accuracy"] = _ratio(_count(scores, "factual", "claims_supported"), _count(scores, "factual", "claims"))
    out["must_mention_rate"] = _ratio(_count(scores, "factual", "must_mention_found"),
                                      _count(scores, "factual", "must_mention"))
    found = _count(scores, "factual", "must_not_mention_found")
    listed = _count(scores, "factual", "must_not_mention")
    out["must_not_mention_clean_rate"] = _ratio(listed - found, listed)
    drafted = _applicable(scores, "guardrails")
    out["hard_check_pass_rate"] = _ratio(sum(_clean(r.counts, "hard_failed") for r in drafted), len(drafted))
    toned = _applicable(scores, "tone")
    out["non_abusive_rate"] = _ratio(sum(_clean(r.counts, "abusive") for r in toned), len(toned))
    out["tone_exact_rate"] = _ratio(sum(r.counts.get("exact", 0) for r in toned), len(toned))
    return out
