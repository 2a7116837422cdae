"""After approval: make sure nothing changed, then hand the message to the outbox."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime

from agent.context import AgentContext
from agent.decisions import ReviewDecision
from agent.state import AccountState
from tools.accounts import load_account
from tools.drafts import set_draft_status
from tools.models import Draft, Review
from tools.outbox import deliver_one, enqueue


def recheck(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Re-read balances, payments, disputes and opt-outs; a change since drafting supersedes the draft."""
    ctx = runtime.context
    decision = ReviewDecision.model_validate(state["decision"])
    with ctx.session_factory.begin() as session:
        current = load_account(session, customer_id=state["customer_id"]).fingerprint()
        if current != state["fingerprint"]:
            set_draft_status(session, draft_id=state["draft_id"], status="superseded", actor="agent",
                             decided_at=ctx.clock())
            return {"outcome": "superseded",
                    "superseded_drafts": [*state.get("superseded_drafts", []), state["draft_id"]],
                    "as_of": ctx.clock().isoformat()}
        session.add(Review(draft_id=state["draft_id"], decision="approve", actor=decision.actor,
                           note=decision.override_reason or decision.note))
        fields: dict[str, Any] = {"decided_at": ctx.clock()}
        if decision.is_manager:
            fields["manager_approved_by"] = decision.actor
        set_draft_status(session, draft_id=state["draft_id"], status="approved", actor=decision.actor, **fields)
    return {"outcome": "approved"}


def route_after_recheck(state: AccountState) -> Literal["gather_context", "send"]:
    return "gather_context" if state.get("outcome") == "superseded" else "send"


def send(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Put the approved message in the outbox (once per draft) and deliver it if it is due."""
    ctx = runtime.context
    with ctx.session_factory.begin() as session:
        row = session.get(Draft, state["draft_id"])
        assert row is not None
        to = row.recipient or row.internal_recipient
        if to is None:
            return {"outcome": "approved"}  # an internal action with nobody to notify
        message_id = enqueue(session, draft_id=row.id, recipient=to, subject=row.subject, body=row.body,
                             not_before=row.scheduled_for)
        due = row.scheduled_for is None or row.scheduled_for <= ctx.clock()
    if not (due and ctx.deliver_immediately and ctx.transport is not None):
        return {"outcome": "scheduled"}
    status = deliver_one(ctx.session_factory, message_id=message_id, transport=ctx.transport, now=ctx.clock())
    return {"outcome": "sent" if status == "sent" else f"delivery {status}"}
