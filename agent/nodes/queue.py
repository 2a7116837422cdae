"""Putting the draft (or the reason for doing nothing) where people can see it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from langgraph.runtime import Runtime

from agent.checks.schedule import next_allowed_send_time
from agent.context import AgentContext
from agent.nodes.common import as_of, prepared
from agent.state import AccountState
from tools.drafts import DraftValues, save_draft


def _values(state: AccountState, *, status: str) -> DraftValues:
    p = prepared(state)
    plan, draft = p.plan, p.draft
    when = as_of(state)
    scheduled = None
    if draft is not None and plan.recipient is not None:
        candidate = next_allowed_send_time(when, timezone=p.account.customer.timezone, rules=p.rules)
        scheduled = candidate if candidate > when else None
    return DraftValues(
        customer_id=state["customer_id"], thread_id=state["thread_id"], action=plan.action, tier=plan.tier,
        channel=plan.channel, recipient=plan.recipient.email if plan.recipient else None,
        internal_recipient=plan.internal_recipient, subject=draft.subject if draft else "",
        body=draft.body if draft else "", facts=[f.model_dump(mode="json") for f in p.facts],
        cited_facts=draft.cited_facts if draft else [], checks=[c.model_dump(mode="json") for c in p.checks],
        confidence=p.confidence, confidence_reasons=p.confidence_reasons,
        needs_manager_approval=plan.needs_manager_approval, skip_reason=plan.skip_reason,
        payment_plan=plan.payment_plan.model_dump(mode="json") if plan.payment_plan else None,
        drafter=draft.drafter if draft else "none", priority=Decimal(p.risk.priority),
        total_due=plan.total_due, currency=plan.currency, ledger_fingerprint=state["fingerprint"],
        rule_set_version=p.rule_set_version, scheduled_for=scheduled, as_of=when, status=status,
    )


def submit_for_review(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Queue the draft for a person (re-running this step updates the same pending draft)."""
    with runtime.context.session_factory.begin() as session:
        draft_id = save_draft(session, _values(state, status="pending_review"))
    return {"draft_id": draft_id, "outcome": "queued"}


def record_skip(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Record that nothing should happen, and why, so the worklist can show it."""
    with runtime.context.session_factory.begin() as session:
        draft_id = save_draft(session, _values(state, status="skipped"))
    return {"draft_id": draft_id, "outcome": "skipped"}
