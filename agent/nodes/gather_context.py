from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.nodes.common import as_of
from agent.pipeline import gather
from agent.state import AccountState


def gather_context(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Read the account, its rules and similar past communications into the context pack."""
    ctx = runtime.context
    with ctx.session_factory() as session:
        account, version, rules, facts = gather(
            session, customer_id=state["customer_id"], as_of=as_of(state), embedder=ctx.embedder
        )
    return {
        "account": account.model_dump(mode="json"),
        "fingerprint": account.fingerprint(),
        "rule_set_version": version,
        "rules": rules.model_dump(mode="json"),
        "facts": [f.model_dump(mode="json") for f in facts],
    }
