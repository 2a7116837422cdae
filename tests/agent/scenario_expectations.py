"""Compare an agent proposal with a scenario's `expect` block (shared by tests; evals have their own scorers)."""

from __future__ import annotations

from typing import Any

from tools.scenario_format import Scenario


def expectation_problems(scenario: Scenario, output: dict[str, Any]) -> list[str]:
    """What a good collector would object to in this proposal (empty when it matches)."""
    expect = scenario.expect
    assert expect is not None
    problems = []
    for key in ("action", "tier", "recipient", "needs_manager_approval"):
        if output[key] != getattr(expect, key):
            problems.append(f"{key}: got {output[key]!r}, want {getattr(expect, key)!r}")
    text = f"{output['subject']}\n{output['body']}".lower()
    problems += [f"missing {m!r}" for m in expect.must_mention if m.lower() not in text]
    problems += [f"must not mention {m!r}" for m in expect.must_not_mention if m.lower() in text]
    hard = [
        c for c in output["checks"]
        if c["severity"] == "hard" and not c["passed"] and c["rule"] != "manager_approval"
    ]
    problems += [f"hard check failed: {c['rule']}: {c['detail']}" for c in hard]
    if (expect.action == "no_action") != bool(output["skip_reason"]):
        problems.append(f"skip_reason {output['skip_reason']!r} does not fit action {expect.action}")
    return problems
