"""How likely a collector is to approve a draft without editing it: a transparent, documented formula.

See docs/confidence.md. Every constant lives in `ConfidenceWeights`, so the evals can recalibrate
them against approve-without-edit outcomes without touching the formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from agent.checks.base import CheckResult

_MISSING_FIELD_PENALTIES = {
    "contact_email": 0.10,
    "contract_terms": 0.05,
    "payment_history": 0.05,
    "contact_name": 0.03,
    "po_numbers": 0.02,
}


@dataclass(frozen=True)
class ConfidenceWeights:
    """The formula's constants (docs/confidence.md explains each)."""

    base: float = 0.80
    template_bonus: float = 0.05  # deterministic wording, nothing invented
    fallback_penalty: float = 0.15  # the LLM failed and a template stood in
    model_weight: float = 0.15  # share of the model's own assessment blended in
    soft_failure_penalty: float = 0.05
    soft_failures_max: float = 0.15
    novelty_weight: float = 0.15  # times the cosine distance to the nearest approved draft
    no_precedent_penalty: float = 0.05  # nothing approved yet to compare with
    stale_after_days: int = 30
    stale_penalty: float = 0.05
    very_stale_after_days: int = 90
    very_stale_penalty: float = 0.10
    unknown_age_penalty: float = 0.05
    missing_field_penalties: Mapping[str, float] = field(default_factory=lambda: dict(_MISSING_FIELD_PENALTIES))
    missing_field_default: float = 0.03
    missing_fields_max: float = 0.20
    high_stakes_actions: frozenset[str] = frozenset({"final_notice", "write_off_review"})
    high_stakes_penalty: float = 0.05
    untrusted_inbound_penalty: float = 0.05
    floor: float = 0.05  # the lowest score of a draft that passes every hard check
    hard_failure_penalty: float = 0.30  # per failed hard check
    hard_failure_cap: float = 0.30  # a draft failing a hard check never scores above this
    # Checks that route or time a draft rather than judge it: they never move the score.
    approval_rules: frozenset[str] = frozenset({"manager_approval"})
    timing_rules: frozenset[str] = frozenset({"quiet_hours"})


DEFAULT_WEIGHTS = ConfidenceWeights()


class ConfidenceInput(BaseModel):
    """What the score reads: check results, how the draft was made, and how good its inputs were."""

    checks: list[CheckResult]
    drafter: str  # "template", "llm", "template (fallback from llm)"
    drafter_notes: list[str] = Field(default_factory=list)
    model_confidence: float | None = None
    completeness: dict[str, bool] = Field(default_factory=dict)
    data_age_days: int | None = None  # days since the newest ledger event, vs as_of
    novelty: float | None = None  # cosine distance to the nearest approved draft; None = none approved yet
    action: str
    tier: str | None = None
    has_untrusted_inbound: bool = False


class _Score:
    def __init__(self, start: float) -> None:
        self.value = start
        self.reasons = [f"{start:.2f}: base score"]

    def adjust(self, delta: float, why: str) -> None:
        self.value += delta
        self.reasons.append(f"{_signed(delta)}: {why}")

    def note(self, why: str) -> None:
        self.reasons.append(f"0.00: {why}")


def score_confidence(inp: ConfidenceInput, weights: ConfidenceWeights = DEFAULT_WEIGHTS) -> tuple[float, list[str]]:
    """The confidence in [0, 1] (two decimals) and one reason per factor, each with its effect."""
    w = weights
    score = _Score(w.base)
    _drafter(score, inp, w)
    _soft_failures(score, inp, w)
    _novelty(score, inp, w)
    _freshness(score, inp, w)
    _completeness(score, inp, w)
    if inp.action in w.high_stakes_actions:
        score.adjust(-w.high_stakes_penalty, f"{inp.action} carries more weight, so it is reviewed more closely")
    if inp.has_untrusted_inbound:
        score.adjust(-w.untrusted_inbound_penalty, "inbound customer text is in the context (untrusted)")
    if inp.model_confidence is not None:
        own = min(1.0, max(0.0, inp.model_confidence))
        score.adjust(
            w.model_weight * (own - score.value),
            f"model self-assessment {own:.2f} blended at {w.model_weight}",
        )
    clean = min(1.0, max(w.floor, score.value))
    if clean != score.value:
        score.note(f"kept within [{w.floor:.2f}, 1.00] for a draft that passes every hard check")
    for check in inp.checks:
        if check.rule in w.approval_rules and not check.passed:
            score.note(f"{check.rule}: {_short(check.detail)} (a routing step, not a defect)")
    hard = [c for c in inp.checks if c.severity == "hard" and not c.passed and c.rule not in w.approval_rules]
    if not hard:
        return round(clean, 2), score.reasons
    penalties = [f"{_signed(-w.hard_failure_penalty)}: hard check failed: {c.rule} ({_short(c.detail)})" for c in hard]
    lowered = clean - w.hard_failure_penalty * len(hard)
    final = max(0.0, min(w.hard_failure_cap, lowered))
    reasons = [*penalties, *score.reasons]
    if final < lowered:
        reasons.append(f"capped at {w.hard_failure_cap:.2f}: a draft that fails a hard check cannot be sent as it is")
    return round(final, 2), reasons


def _drafter(score: _Score, inp: ConfidenceInput, w: ConfidenceWeights) -> None:
    if "fallback" in inp.drafter:
        why = "; ".join(inp.drafter_notes) or inp.drafter
        score.adjust(-w.fallback_penalty, f"LLM drafter failed, a fallback drafted it ({_short(why)})")
    elif inp.drafter == "template":
        score.adjust(w.template_bonus, "template drafter: deterministic wording from the facts")
    else:
        score.note(f"{inp.drafter} drafter")
        for note in inp.drafter_notes:
            score.note(f"drafter note: {_short(note)}")


def _soft_failures(score: _Score, inp: ConfidenceInput, w: ConfidenceWeights) -> None:
    budget = w.soft_failures_max
    for check in inp.checks:
        if check.severity != "soft" or check.passed:
            continue
        if check.rule in w.timing_rules:
            score.note(f"{check.rule}: {_short(check.detail)} (timing only)")
            continue
        delta = _within(w.soft_failure_penalty, budget)
        budget -= delta
        score.adjust(-delta, f"soft check failed: {check.rule} ({_short(check.detail)})")


def _novelty(score: _Score, inp: ConfidenceInput, w: ConfidenceWeights) -> None:
    if inp.novelty is None:
        score.adjust(-w.no_precedent_penalty, "no approved drafts yet to compare with")
        return
    novelty = min(1.0, max(0.0, inp.novelty))
    likeness = "unlike" if novelty >= 0.5 else "close to"
    score.adjust(-w.novelty_weight * novelty, f"{likeness} past approved drafts (novelty {novelty:.2f})")


def _freshness(score: _Score, inp: ConfidenceInput, w: ConfidenceWeights) -> None:
    age = inp.data_age_days
    if age is None:
        score.adjust(-w.unknown_age_penalty, "no ledger activity to judge how fresh the data is")
    elif age > w.very_stale_after_days:
        score.adjust(-w.very_stale_penalty, f"stale data: newest ledger event {age} days old")
    elif age > w.stale_after_days:
        score.adjust(-w.stale_penalty, f"stale data: newest ledger event {age} days old")


def _completeness(score: _Score, inp: ConfidenceInput, w: ConfidenceWeights) -> None:
    budget = w.missing_fields_max
    for name in sorted(k for k, present in inp.completeness.items() if not present):
        delta = _within(w.missing_field_penalties.get(name, w.missing_field_default), budget)
        budget -= delta
        score.adjust(-delta, f"missing {name.replace('_', ' ')}")


def _within(penalty: float, budget: float) -> float:
    # Float leftovers (0.15 - 3 × 0.05 is not exactly 0) must not show up as a penalty.
    return 0.0 if budget < 1e-9 else min(penalty, budget)


def _signed(delta: float) -> str:
    if round(delta, 2) == 0:
        return "0.00"
    return f"{'+' if delta > 0 else '−'}{abs(delta):.2f}"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
