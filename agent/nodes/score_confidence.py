from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.nodes.common import as_of, prepared
from agent.pipeline import confidence_for, novelty
from agent.state import AccountState


def score_confidence(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Score how far the draft can be trusted, with reasons a collector can read."""
    ctx = runtime.context
    p = prepared(state)
    assert p.draft is not None
    with ctx.session_factory() as session:
        distance = novelty(session, ctx.embedder, action=p.plan.action, tier=p.plan.tier, body=p.draft.body)
    score, reasons = confidence_for(p, p.draft, p.checks, as_of=as_of(state), novelty_value=distance)
    return {"confidence": score, "confidence_reasons": reasons}
