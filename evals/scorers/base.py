"""What every eval scorer returns, and the shape of a scorer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from tools.rules import Rules, validate_rules
from tools.scenario_format import Scenario, ScenarioExpect

# Internal notes go to a colleague, never to the customer (docs/collections-policy.md, "Recipient").
INTERNAL_ACTIONS = frozenset({"call_task", "route_dispute", "escalate_to_manager", "write_off_review"})
CUSTOMER_FACING = frozenset({"send_reminder", "offer_payment_plan", "final_notice"})


class ScoreResult(BaseModel):
    """One scorer's verdict on one scenario's output."""

    model_config = ConfigDict(frozen=True)

    name: str
    passed: bool
    score: float = Field(ge=0, le=1)
    details: list[str] = Field(default_factory=list)
    # False when the scorer has nothing to judge (no message to read); aggregates leave it out.
    applicable: bool = True
    # Counts a report sums across scenarios (claims checked, claims supported, …).
    counts: dict[str, int] = Field(default_factory=dict)


Output = dict[str, Any]
Scorer = Callable[[Scenario, Output], ScoreResult]


def expectation(scenario: Scenario) -> ScenarioExpect:
    """The scenario's `expect` block; an eval scenario without one is a dataset error."""
    if scenario.expect is None:
        raise ValueError(f"scenario {scenario.id} has no expect block")
    return scenario.expect


def scenario_rules(scenario: Scenario) -> Rules:
    """The default rules with the scenario's overrides, as the agent runs it in a fresh database."""
    return validate_rules(dict(scenario.rules))


def message_text(output: Output) -> str:
    """Subject and body together, as the checks read them."""
    return f"{output.get('subject') or ''}\n{output.get('body') or ''}".strip()


def has_message(output: Output) -> bool:
    """Whether the agent drafted anything to read."""
    return bool((output.get("body") or "").strip())


def verdict(name: str, ok: bool, detail: str, **extra: Any) -> ScoreResult:
    """A pass/fail result scored 1 or 0."""
    return ScoreResult(name=name, passed=ok, score=1.0 if ok else 0.0, details=[detail], **extra)


def not_applicable(name: str, why: str) -> ScoreResult:
    """A result that aggregates skip: there was nothing to score."""
    return ScoreResult(name=name, passed=True, score=1.0, details=[why], applicable=False)
