"""Score one scenario's output with every scorer: deterministic ones first, the model judge last."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from pydantic import BaseModel, Field

from evals.scorers.base import Output, Scorer, ScoreResult, expectation
from evals.scorers.decision import score_action, score_approval, score_recipient, score_tier
from evals.scorers.factual import score_factual
from evals.scorers.guardrails import score_guardrails
from evals.scorers.length import score_length_readability
from evals.scorers.tone_fit import score_tone_fit
from tools.scenario_format import Scenario

DECISION_SCORERS = ("action", "tier", "recipient", "manager_approval")
DETERMINISTIC_NAMES = (*DECISION_SCORERS, "factual", "guardrails", "tone", "readability")


def deterministic_scorers(*, configured: Sequence[str] = ()) -> list[Scorer]:
    """The offline scorers; `configured` is the company's own wording (payment instructions, name)."""
    return [
        score_action, score_tier, score_recipient, score_approval,
        partial(score_factual, configured=configured),
        partial(score_guardrails, configured=configured),
        score_tone_fit, score_length_readability,
    ]


class ScenarioScore(BaseModel):
    """Everything the report says about one scenario: what was expected, what the agent did, each verdict."""

    id: str
    description: str = ""
    expected: dict[str, object]
    got: dict[str, object]
    subject: str = ""
    body: str = ""
    results: list[ScoreResult] = Field(default_factory=list)
    error: str | None = None  # the agent raised instead of proposing something
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """No error and every applicable scorer passed."""
        return self.error is None and all(r.passed for r in self.results if r.applicable)

    def result(self, name: str) -> ScoreResult | None:
        """The named scorer's result, if it ran."""
        return next((r for r in self.results if r.name == name), None)


def expected_of(scenario: Scenario) -> dict[str, object]:
    """The parts of `expect` the report shows beside what the agent did."""
    e = expectation(scenario)
    return {"action": e.action, "tier": e.tier, "recipient": e.recipient,
            "needs_manager_approval": e.needs_manager_approval, "tone": e.tone}


def got_of(output: Output) -> dict[str, object]:
    """The parts of the agent's output the report shows."""
    keys = ("action", "tier", "recipient", "needs_manager_approval", "confidence", "drafter", "skip_reason",
            "internal_recipient")
    return {key: output.get(key) for key in keys}


def score_output(
    scenario: Scenario, output: Output, scorers: Sequence[Scorer], *, seconds: float = 0.0
) -> ScenarioScore:
    """Run every scorer on one output."""
    return ScenarioScore(
        id=scenario.id, description=scenario.description, expected=expected_of(scenario), got=got_of(output),
        subject=output.get("subject") or "", body=output.get("body") or "",
        results=[scorer(scenario, output) for scorer in scorers], seconds=round(seconds, 3),
    )


def failed_run(scenario: Scenario, error: str, scorer_names: Sequence[str]) -> ScenarioScore:
    """A scenario whose run raised: every scorer fails, so the error can never pass a gate."""
    results = [ScoreResult(name=name, passed=False, score=0.0, details=[f"agent error: {error}"],
                           counts={"error": 1})
               for name in scorer_names]
    return ScenarioScore(id=scenario.id, description=scenario.description, expected=expected_of(scenario),
                         got={}, results=results, error=error)
