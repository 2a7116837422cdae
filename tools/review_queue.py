"""Review-queue operations around a draft that are not decisions: its history, similar sent drafts,
reassignment, which drafts may be approved in bulk, and why a manager must approve one."""

from __future__ import annotations

import datetime as dt
import difflib

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.agent_port import AgentPort, DecisionRefused
from tools.audit import AuditEventOut, list_events, record_event
from tools.drafts import DraftNotFoundError, DraftOut, ReviewOut, draft_reviews, get_draft
from tools.models import AppUser, Customer, Draft, Review
from tools.rules import TIERS, Rules, rules_for_customer, tier_rank

REASSIGNABLE = ("pending_review", "snoozed")
# The kinds of decision a manager is asked for, in the order the approvals inbox groups them.
APPROVAL_KINDS = ("final_notice", "write_off", "large_balance", "payment_plan", "escalation", "tier", "segment")


class DraftHistory(BaseModel):
    reviews: list[ReviewOut]
    events: list[AuditEventOut]


class SimilarDraft(BaseModel):
    """A sent draft of the same action and tier, for the reviewer to compare against."""

    id: int
    customer_name: str
    action: str
    tier: str | None
    subject: str
    body: str
    decided_at: dt.datetime | None
    similarity: float


class BulkResult(BaseModel):
    """What bulk approval did with one draft."""

    draft_id: int
    approved: bool
    outcome: str  # the decision's outcome (sent, scheduled, superseded, ...) or "refused"
    reason: str = ""


class ReassignRefused(PermissionError):
    """A reassignment the caller's role does not allow."""


class ReassignError(ValueError):
    """A reassignment that cannot happen (unknown assignee, draft no longer open)."""


def draft_history(session: Session, *, draft_id: int) -> DraftHistory:
    """A draft's reviews and audit events, oldest first."""
    get_draft(session, draft_id=draft_id)
    events = list_events(session, entity_type="draft", entity_id=str(draft_id), limit=500)
    return DraftHistory(reviews=draft_reviews(session, draft_id=draft_id), events=events[::-1])


def similar_sent_drafts(session: Session, *, draft_id: int, limit: int = 3, pool: int = 25) -> list[SimilarDraft]:
    """Sent drafts with the same action and tier, the most similar text first among the latest `pool`."""
    draft = get_draft(session, draft_id=draft_id)
    rows = session.execute(
        select(Draft, Customer.name).join(Customer, Customer.id == Draft.customer_id)
        .where(Draft.status == "sent", Draft.action == draft.action, Draft.id != draft_id,
               Draft.tier.is_(None) if draft.tier is None else Draft.tier == draft.tier)
        .order_by(Draft.decided_at.desc().nulls_last(), Draft.id.desc()).limit(pool)
    ).all()
    # A character-level ratio over a couple of dozen short letters is cheap, and needs no embedder.
    scored = [
        SimilarDraft(id=d.id, customer_name=name, action=d.action, tier=d.tier, subject=d.subject, body=d.body,
                     decided_at=d.decided_at,
                     similarity=round(difflib.SequenceMatcher(a=draft.body, b=d.body, autojunk=False).ratio(), 3))
        for d, name in rows
    ]
    return sorted(scored, key=lambda s: -s.similarity)[:limit]


def reassign_draft(session: Session, *, draft_id: int, assignee: str, actor: str, actor_role: str) -> DraftOut:
    """Give an open draft to another person; collectors may hand drafts only to collectors. Audited."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise DraftNotFoundError(f"no draft with id {draft_id}")
    target = session.scalars(select(AppUser).where(AppUser.email == assignee.strip().lower())).first()
    if target is None or not target.active:
        raise ReassignError(f"no active user {assignee}")
    if target.role == "auditor":
        raise ReassignError("auditors cannot be assigned drafts")
    if actor_role == "collector" and target.role != "collector":
        raise ReassignRefused("a collector may reassign only to themselves or another collector")
    if draft.status not in REASSIGNABLE:
        raise ReassignError(f"draft {draft_id} is {draft.status}; only drafts waiting for review can be reassigned")
    previous = draft.assignee
    draft.assignee = target.email
    session.add(Review(draft_id=draft_id, decision="reassign", actor=actor,
                       note=f"{previous or 'unassigned'} → {target.email}"))
    record_event(session, actor=actor, action="draft.reassigned", entity_type="draft", entity_id=str(draft_id),
                 detail={"from": previous, "to": target.email})
    session.flush()
    return get_draft(session, draft_id=draft_id)


def hard_failures(draft: DraftOut) -> list[str]:
    """Names of the hard checks the draft fails."""
    return [str(c.get("rule")) for c in draft.checks if c.get("severity") == "hard" and not c.get("passed")]


def bulk_approve_refusal(draft: DraftOut, rules: Rules) -> str | None:
    """Why the rules do not let this draft be approved in bulk, or None when they do."""
    policy = rules.bulk_approve
    if draft.status != "pending_review":
        return f"draft is {draft.status}, not waiting for review"
    if draft.needs_manager_approval:
        return "needs a manager's approval"
    if draft.action not in policy.actions:
        return f"action {draft.action} is not bulk-approvable (allowed: {', '.join(policy.actions) or 'none'})"
    if draft.tier not in TIERS or tier_rank(draft.tier) > tier_rank(policy.max_tier):
        return f"tier {draft.tier or 'none'} is above the bulk-approve limit {policy.max_tier}"
    if draft.confidence < policy.min_confidence:
        return f"confidence {draft.confidence:.2f} is below the bulk-approve minimum {policy.min_confidence:.2f}"
    failing = hard_failures(draft)
    if failing:
        return f"hard checks fail: {', '.join(failing)}"
    return None


def approval_reasons(draft: DraftOut) -> list[str]:
    """Which kinds of manager decision a draft waits for (see APPROVAL_KINDS)."""
    detail = " ".join(str(c.get("detail", "")) for c in draft.checks if c.get("rule") == "manager_approval")
    found = {
        "final_notice": draft.action == "final_notice" or draft.tier == "T4",
        "write_off": draft.action == "write_off_review" or draft.tier == "T5",
        "large_balance": "exceeds the approval threshold" in detail,
        "payment_plan": "payment plan exceeds" in detail,
        "escalation": draft.action == "escalate_to_manager",
        "tier": f"tier {draft.tier} needs" in detail and draft.tier not in ("T4", "T5"),
        "segment": "segment" in detail and "needs manager approval" in detail,
    }
    return [kind for kind in APPROVAL_KINDS if found[kind]]


def screen_bulk_approve(session: Session, *, draft_ids: list[int]) -> dict[int, str | None]:
    """For each draft: why the rules (with the customer's overrides) refuse bulk approval, or None."""
    verdicts: dict[int, str | None] = {}
    for draft_id in draft_ids:
        try:
            draft = get_draft(session, draft_id=draft_id)
        except DraftNotFoundError:
            verdicts[draft_id] = "no such draft"
            continue
        _, rules = rules_for_customer(session, customer_id=draft.customer_id)
        verdicts[draft_id] = bulk_approve_refusal(draft, rules)
    return verdicts


def bulk_approve(
    session: Session, agent: AgentPort, *, draft_ids: list[int], actor: str, role: str,
) -> list[BulkResult]:
    """Approve every draft the bulk-approve rules allow, through the agent; the others are left untouched."""
    results = []
    for draft_id, refusal in screen_bulk_approve(session, draft_ids=draft_ids).items():
        if refusal is not None:
            results.append(BulkResult(draft_id=draft_id, approved=False, outcome="refused", reason=refusal))
            continue
        try:
            outcome = agent.decide(draft_id, {"kind": "approve", "actor": actor, "role": role})
        except DecisionRefused as exc:
            results.append(BulkResult(draft_id=draft_id, approved=False, outcome="refused", reason=str(exc)))
            continue
        done = outcome.outcome in ("sent", "scheduled", "approved")
        results.append(BulkResult(draft_id=draft_id, approved=done, outcome=outcome.outcome,
                                  reason=outcome.message))
    return results
