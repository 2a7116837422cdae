from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.nodes.common import as_of, prepared
from agent.pipeline import add_risk_facts
from agent.state import AccountState


def assess(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Estimate late-payment risk and the account's priority, with explanations as facts."""
    ctx = runtime.context
    p = prepared(state)
    with ctx.session_factory() as session:
        risk = ctx.risk.estimate(session, p.account, as_of=as_of(state))
    facts = add_risk_facts(p.facts, risk, f"customer:{p.account.customer.external_id}")
    return {"risk": risk.model_dump(mode="json"), "facts": [f.model_dump(mode="json") for f in facts]}
