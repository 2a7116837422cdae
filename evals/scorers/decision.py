"""Was the decision right: action, tier, recipient and manager approval, against the scenario's `expect`."""

from __future__ import annotations

from typing import Any

from evals.scorers.base import Output, ScoreResult, expectation, verdict
from tools.scenario_format import Scenario


def _compare(name: str, got: Any, want: Any) -> ScoreResult:
    if got == want:
        return verdict(name, True, f"{name} {got!r} as expected")
    return verdict(name, False, f"{name}: got {got!r}, want {want!r}")


def score_action(scenario: Scenario, output: Output) -> ScoreResult:
    """The action the agent chose is the one the policy calls for."""
    return _compare("action", output.get("action"), expectation(scenario).action)


def score_tier(scenario: Scenario, output: Output) -> ScoreResult:
    """The tier (pre_due, T1…T5, or none) matches."""
    return _compare("tier", output.get("tier"), expectation(scenario).tier)


def score_recipient(scenario: Scenario, output: Output) -> ScoreResult:
    """The message goes to the expected contact (email compared without case); internal notes to nobody."""
    want = expectation(scenario).recipient
    got = output.get("recipient")
    same = (got or "").strip().casefold() == (want or "").strip().casefold()
    if same:
        return verdict("recipient", True, f"recipient {got!r} as expected")
    return verdict("recipient", False, f"recipient: got {got!r}, want {want!r}")


def score_approval(scenario: Scenario, output: Output) -> ScoreResult:
    """The draft waits for a manager exactly when the policy says it must."""
    return _compare("manager_approval", bool(output.get("needs_manager_approval")),
                    expectation(scenario).needs_manager_approval)
