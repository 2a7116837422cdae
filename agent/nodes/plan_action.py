from __future__ import annotations

from typing import Any, Literal

from agent.nodes.common import as_of, prepared
from agent.pipeline import add_plan_facts
from agent.planning import plan_next_action
from agent.state import AccountState


def plan_action(state: AccountState) -> dict[str, Any]:
    """Decide the next action from the cadence and guardrail rules (or why nothing should happen)."""
    p = prepared(state)
    plan = plan_next_action(p.account, rules=p.rules, as_of=as_of(state), late_probability=p.risk.invoice_probability)
    facts = add_plan_facts(p.facts, plan, p.account)
    return {"plan": plan.model_dump(mode="json"), "facts": [f.model_dump(mode="json") for f in facts]}


def route_after_plan(state: AccountState) -> Literal["draft", "record_skip"]:
    return "record_skip" if state["plan"]["action"] == "no_action" else "draft"
