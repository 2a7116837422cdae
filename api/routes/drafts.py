"""The review queue: list, one draft's page, decisions, reassignment, bulk approval."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import StringConstraints

from api.deps import AgentDep, Everyone, Reviewer, RowId, SessionDep, need_agent
from api.schemas.common import NO_NUL
from api.schemas.drafts import (
    BulkApproveIn,
    BulkApproveOut,
    DecisionIn,
    DraftDetailOut,
    DraftListOut,
    DraftStatus,
    ReassignIn,
    Segment,
    Tier,
)
from tools.agent_port import DecisionOutcome
from tools.drafts import DraftOut, QueueFilter, get_draft, list_queue, status_counts
from tools.review_queue import (
    bulk_approve,
    draft_history,
    reassign_draft,
    similar_sent_drafts,
)

router = APIRouter(tags=["drafts"])

ActionName = Annotated[str, StringConstraints(max_length=32, pattern=NO_NUL)]


@router.get("/drafts", response_model=DraftListOut)
def queue(
    user: Everyone, session: SessionDep,
    status: Annotated[list[DraftStatus] | None, Query()] = None,
    tier: Annotated[list[Tier] | None, Query()] = None,
    action: Annotated[list[ActionName] | None, Query()] = None,
    segment: Annotated[list[Segment] | None, Query()] = None,
    assignee: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    needs_manager_approval: bool | None = None,
    customer_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    sort: Literal["priority", "confidence", "created"] = "priority",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> DraftListOut:
    """The review queue (pending drafts by default), filtered, sorted and paginated, with counts by status."""
    filters = QueueFilter(
        status=list(status or ["pending_review"]), tier=list(tier) if tier else None,
        action=action or None, segment=list(segment) if segment else None, assignee=assignee,
        min_confidence=min_confidence, max_confidence=max_confidence,
        needs_manager_approval=needs_manager_approval, customer_id=customer_id, sort=sort, limit=limit,
        offset=offset,
    )
    items, total = list_queue(session, filters=filters)
    return DraftListOut(items=items, total=total, counts=status_counts(session))


@router.get("/drafts/{draft_id}", response_model=DraftDetailOut)
def draft_page(draft_id: RowId, user: Everyone, session: SessionDep) -> DraftDetailOut:
    """One draft with its facts and their sources, checks, confidence reasons, history and similar sent drafts."""
    draft = get_draft(session, draft_id=draft_id)
    history = draft_history(session, draft_id=draft_id)
    sources = list(dict.fromkeys(str(f["source"]) for f in draft.facts if f.get("source")))
    return DraftDetailOut(**draft.model_dump(), sources=sources, reviews=history.reviews, events=history.events,
                          similar=similar_sent_drafts(session, draft_id=draft_id))


@router.post("/drafts/{draft_id}/decision", response_model=DecisionOutcome)
def decide(draft_id: RowId, body: DecisionIn, user: Reviewer, agent: AgentDep) -> DecisionOutcome:
    """Approve, edit, reject or snooze a draft; the agent resumes the draft's thread with the decision.

    403 when the role may not decide or the draft needs a manager; 409 when the draft is not waiting
    for review or hard checks fail; 503 when this server runs without the agent."""
    decision = body.model_dump(mode="json", exclude_none=True) | {"actor": user.email, "role": user.role}
    return need_agent(agent).decide(draft_id, decision)


@router.post("/drafts/{draft_id}/reassign", response_model=DraftOut)
def reassign(draft_id: RowId, body: ReassignIn, user: Reviewer, session: SessionDep) -> DraftOut:
    """Give a waiting draft to someone else (collectors: only to collectors)."""
    return reassign_draft(session, draft_id=draft_id, assignee=body.assignee, actor=user.email,
                          actor_role=user.role)


@router.post("/drafts/bulk-approve", response_model=BulkApproveOut)
def approve_many(body: BulkApproveIn, user: Reviewer, session: SessionDep, agent: AgentDep) -> BulkApproveOut:
    """Approve the drafts the bulk-approve rules allow; the others are refused with a reason and left alone."""
    results = bulk_approve(session, need_agent(agent), draft_ids=list(dict.fromkeys(body.draft_ids)), actor=user.email,
                           role=user.role)
    approved = sum(r.approved for r in results)
    return BulkApproveOut(results=results, approved=approved, refused=len(results) - approved)
