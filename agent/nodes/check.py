from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.checks.runner import run_checks
from agent.context import AgentContext
from agent.nodes.common import as_of, prepared
from agent.pipeline import check_input, make_request
from agent.state import AccountState


def check(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Run every guardrail rule over the draft; hard failures will block sending."""
    p = prepared(state)
    assert p.draft is not None
    request = make_request(p, as_of=as_of(state), ctx=runtime.context)
    results = run_checks(check_input(p, request, subject=p.draft.subject, body=p.draft.body, as_of=as_of(state)))
    return {"checks": [r.model_dump(mode="json") for r in results]}
