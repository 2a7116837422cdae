from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.nodes.common import as_of, prepared
from agent.pipeline import make_request
from agent.state import AccountState


def draft(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Write the message with the configured drafter (template, or a model with template fallback)."""
    request = make_request(prepared(state), as_of=as_of(state), ctx=runtime.context)
    return {"draft": runtime.context.drafter.draft(request).model_dump(mode="json")}
