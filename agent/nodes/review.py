"""The pause for a person, and what their decision does to the draft."""

from __future__ import annotations

import difflib
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.checks.runner import run_checks
from agent.context import AgentContext
from agent.decisions import ReviewDecision
from agent.nodes.common import as_of, prepared
from agent.pipeline import check_input, make_request
from agent.state import AccountState
from tools.audit import record_event
from tools.drafts import set_draft_status
from tools.models import Draft, Review
from tools.rules import rules_for_customer


def review(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Wait for a person's decision (the graph stops here until resumed with one)."""
    raw = interrupt({"draft_id": state["draft_id"], "customer_id": state["customer_id"]})
    decision = ReviewDecision.model_validate(raw)
    draft_id = state["draft_id"]
    with runtime.context.session_factory.begin() as session:
        if decision.kind == "reject":
            session.add(Review(draft_id=draft_id, decision="reject", actor=decision.actor,
                               reason_code=decision.reason_code, note=decision.note))
            set_draft_status(session, draft_id=draft_id, status="rejected", actor=decision.actor,
                             decided_at=runtime.context.clock())
            return {"decision": decision.model_dump(mode="json"), "outcome": "rejected"}
        if decision.kind == "snooze":
            session.add(Review(draft_id=draft_id, decision="snooze", actor=decision.actor, note=decision.note))
            set_draft_status(session, draft_id=draft_id, status="snoozed", actor=decision.actor,
                             snoozed_until=decision.snooze_until)
            return {"decision": decision.model_dump(mode="json"), "outcome": "snoozed"}
    return {"decision": decision.model_dump(mode="json")}


def route_after_review(state: AccountState) -> Literal["apply_edit", "recheck", "__end__"]:
    decision = ReviewDecision.model_validate(state["decision"])
    if decision.kind in ("reject", "snooze"):
        return "__end__"
    if decision.edits_text or decision.kind == "edit":
        return "apply_edit"
    return "recheck"


def apply_edit(state: AccountState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Check the edited text again and keep the edit as a diff."""
    ctx = runtime.context
    decision = ReviewDecision.model_validate(state["decision"])
    p = prepared(state)
    with ctx.session_factory.begin() as session:
        # Judge the edit by the rules in force now, not those of drafting time.
        _, rules = rules_for_customer(session, customer_id=state["customer_id"])
        p = p.model_copy(update={"rules": rules})
        row = session.get(Draft, state["draft_id"])
        assert row is not None
        subject = decision.subject if decision.subject is not None else row.subject
        body = decision.body if decision.body is not None else row.body
        request = make_request(p, as_of=as_of(state), ctx=ctx)
        results = run_checks(check_input(p, request, subject=subject, body=body, as_of=as_of(state),
                                         manager_approved=bool(row.manager_approved_by)))
        diff = "".join(difflib.unified_diff(
            (row.subject + "\n" + row.body).splitlines(keepends=True),
            (subject + "\n" + body).splitlines(keepends=True), "draft", "edited",
        ))
        distance = _edit_distance(row.original_body, body)
        row.subject, row.body = subject, body
        row.checks = [r.model_dump(mode="json") for r in results]
        session.add(Review(draft_id=row.id, decision="edit", actor=decision.actor, diff=diff, edit_distance=distance,
                           note=decision.note))
        record_event(session, actor=decision.actor, action="draft.edited", entity_type="draft",
                     entity_id=str(row.id), detail={"edit_distance": distance,
                                                    "hard_failures": [r.rule for r in results
                                                                      if r.severity == "hard" and not r.passed]})
    edited = p.draft.model_copy(update={"subject": subject, "body": body}) if p.draft else None
    return {"checks": [r.model_dump(mode="json") for r in results],
            "draft": edited.model_dump(mode="json") if edited else state.get("draft"), "outcome": "edited"}


def route_after_edit(state: AccountState) -> Literal["recheck", "review"]:
    """Approve-with-edit proceeds only if no hard check fails (or a manager overrode with a reason)."""
    decision = ReviewDecision.model_validate(state["decision"])
    if decision.kind != "approve":
        return "review"
    hard = [c for c in state["checks"] if c["severity"] == "hard" and not c["passed"]
            and c["rule"] != "manager_approval"]
    if hard and not decision.override_reason:
        return "review"
    return "recheck"


def _edit_distance(a: str, b: str) -> int:
    """Characters changed between two texts (via difflib opcodes; cheap enough for a message)."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
