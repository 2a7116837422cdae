"""Drafts in the review queue: saving what the agent proposes, reading it back, listing the queue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, ColumnExpressionArgument, func, select
from sqlalchemy.orm import Session

from tools.audit import record_event
from tools.models import Customer, Draft, Review

OPEN_STATUSES = ("pending_review", "snoozed", "approved")


class DraftValues(BaseModel):
    """What the agent hands over to be queued (no ids, no review state)."""

    customer_id: int
    thread_id: str
    action: str
    tier: str | None
    channel: str | None
    recipient: str | None
    internal_recipient: str | None
    subject: str
    body: str
    facts: list[dict[str, Any]]
    cited_facts: list[str]
    checks: list[dict[str, Any]]
    confidence: float
    confidence_reasons: list[str]
    needs_manager_approval: bool
    skip_reason: str | None
    payment_plan: dict[str, Any] | None
    drafter: str
    priority: Decimal
    total_due: Decimal
    currency: str
    ledger_fingerprint: str
    rule_set_version: int | None
    scheduled_for: dt.datetime | None
    as_of: dt.datetime
    status: str = "pending_review"


class DraftOut(BaseModel):
    """A draft as the queue and the review screen show it."""

    id: int
    customer_id: int
    customer_name: str
    customer_external_id: str
    segment: str
    thread_id: str
    status: str
    action: str
    tier: str | None
    channel: str | None
    recipient: str | None
    internal_recipient: str | None
    subject: str
    body: str
    original_subject: str
    original_body: str
    facts: list[dict[str, Any]]
    cited_facts: list[str]
    checks: list[dict[str, Any]]
    confidence: float
    confidence_reasons: list[str]
    needs_manager_approval: bool
    manager_approved_by: str | None
    skip_reason: str | None
    payment_plan: dict[str, Any] | None
    drafter: str
    priority: Decimal
    total_due: Decimal
    currency: str
    assignee: str | None
    snoozed_until: dt.datetime | None
    scheduled_for: dt.datetime | None
    as_of: dt.datetime
    created_at: dt.datetime
    decided_at: dt.datetime | None
    rule_set_version: int | None

    @property
    def hard_failures(self) -> list[dict[str, Any]]:
        return [c for c in self.checks if c.get("severity") == "hard" and not c.get("passed")]


class ReviewOut(BaseModel):
    id: int
    decision: str
    actor: str
    at: dt.datetime
    reason_code: str | None
    note: str | None
    diff: str | None
    edit_distance: int | None


class QueueFilter(BaseModel):
    status: list[str] = Field(default_factory=lambda: ["pending_review"])
    tier: list[str] | None = None
    action: list[str] | None = None
    segment: list[str] | None = None
    assignee: str | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    needs_manager_approval: bool | None = None
    customer_id: int | None = None
    sort: Literal["priority", "confidence", "created"] = "priority"
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class DraftNotFoundError(LookupError):
    """No draft with that id."""


def _to_out(draft: Draft, customer: Customer) -> DraftOut:
    return DraftOut(
        id=draft.id, customer_id=draft.customer_id, customer_name=customer.name,
        customer_external_id=customer.external_id, segment=customer.segment, thread_id=draft.thread_id,
        status=draft.status, action=draft.action, tier=draft.tier, channel=draft.channel, recipient=draft.recipient,
        internal_recipient=draft.internal_recipient, subject=draft.subject, body=draft.body,
        original_subject=draft.original_subject, original_body=draft.original_body, facts=draft.facts,
        cited_facts=draft.cited_facts, checks=draft.checks, confidence=draft.confidence,
        confidence_reasons=draft.confidence_reasons, needs_manager_approval=draft.needs_manager_approval,
        manager_approved_by=draft.manager_approved_by, skip_reason=draft.skip_reason,
        payment_plan=draft.payment_plan, drafter=draft.drafter, priority=draft.priority, total_due=draft.total_due,
        currency=draft.currency, assignee=draft.assignee, snoozed_until=draft.snoozed_until,
        scheduled_for=draft.scheduled_for, as_of=draft.as_of, created_at=draft.created_at,
        decided_at=draft.decided_at, rule_set_version=draft.rule_set_version,
    )


def save_draft(session: Session, values: DraftValues, *, actor: str = "agent") -> int:
    """Queue a draft for review, or update the thread's pending one (the graph may re-run this step)."""
    existing = session.scalars(
        select(Draft).where(Draft.thread_id == values.thread_id, Draft.status.in_(("pending_review", "skipped")))
        .order_by(Draft.id.desc()).limit(1)
    ).first()
    data = values.model_dump()
    if existing is None:
        existing = Draft(**data, original_subject=values.subject, original_body=values.body)
        session.add(existing)
        session.flush()
        record_event(session, actor=actor, action="draft.created", entity_type="draft", entity_id=str(existing.id),
                     detail={"action": values.action, "tier": values.tier, "confidence": values.confidence,
                             "thread_id": values.thread_id, "skip_reason": values.skip_reason})
    else:
        for key, value in data.items():
            setattr(existing, key, value)
        existing.original_subject, existing.original_body = values.subject, values.body
        session.flush()
    return existing.id


def get_draft(session: Session, *, draft_id: int) -> DraftOut:
    """One draft with its customer."""
    row = session.execute(
        select(Draft, Customer).join(Customer, Customer.id == Draft.customer_id).where(Draft.id == draft_id)
    ).first()
    if row is None:
        raise DraftNotFoundError(f"no draft with id {draft_id}")
    return _to_out(*row)


def _conditions(f: QueueFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.status:
        conditions.append(Draft.status.in_(f.status))
    if f.tier:
        conditions.append(Draft.tier.in_(f.tier))
    if f.action:
        conditions.append(Draft.action.in_(f.action))
    if f.segment:
        conditions.append(Customer.segment.in_(f.segment))
    if f.assignee:
        conditions.append(Draft.assignee == f.assignee)
    if f.min_confidence is not None:
        conditions.append(Draft.confidence >= f.min_confidence)
    if f.max_confidence is not None:
        conditions.append(Draft.confidence <= f.max_confidence)
    if f.needs_manager_approval is not None:
        conditions.append(Draft.needs_manager_approval.is_(f.needs_manager_approval))
    if f.customer_id is not None:
        conditions.append(Draft.customer_id == f.customer_id)
    return conditions


def list_queue(session: Session, *, filters: QueueFilter) -> tuple[list[DraftOut], int]:
    """The review queue, filtered, sorted (priority first by default) and paginated; with the total count."""
    base = select(Draft, Customer).join(Customer, Customer.id == Draft.customer_id).where(*_conditions(filters))
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    orders: dict[str, tuple[ColumnExpressionArgument[Any], ...]] = {
        "priority": (Draft.priority.desc(), Draft.confidence.desc(), Draft.id),
        "confidence": (Draft.confidence.desc(), Draft.priority.desc(), Draft.id),
        "created": (Draft.created_at.desc(), Draft.id.desc()),
    }
    order = orders[filters.sort]
    rows = session.execute(base.order_by(*order).limit(filters.limit).offset(filters.offset))
    return [_to_out(d, c) for d, c in rows], int(total)


def status_counts(session: Session) -> dict[str, int]:
    """How many drafts are in each status."""
    return {s: int(n) for s, n in session.execute(select(Draft.status, func.count()).group_by(Draft.status))}


def draft_reviews(session: Session, *, draft_id: int) -> list[ReviewOut]:
    """The decisions taken on a draft, oldest first."""
    return [
        ReviewOut(id=r.id, decision=r.decision, actor=r.actor, at=r.at, reason_code=r.reason_code, note=r.note,
                  diff=r.diff, edit_distance=r.edit_distance)
        for r in session.scalars(select(Review).where(Review.draft_id == draft_id).order_by(Review.id))
    ]


def open_thread_for_customer(session: Session, *, customer_id: int, as_of: dt.datetime) -> str | None:
    """The thread of a draft still waiting (pending, approved-not-sent, or snoozed past as_of) for a customer."""
    rows = session.scalars(
        select(Draft).where(Draft.customer_id == customer_id, Draft.status.in_(OPEN_STATUSES))
        .order_by(Draft.id.desc())
    )
    for draft in rows:
        if draft.status == "snoozed" and draft.snoozed_until and draft.snoozed_until <= as_of:
            continue
        return draft.thread_id
    return None


def set_draft_status(session: Session, *, draft_id: int, status: str, actor: str, **fields: Any) -> None:
    """Move a draft to a new status (and set other columns), with an audit event."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise DraftNotFoundError(f"no draft with id {draft_id}")
    previous = draft.status
    draft.status = status
    for key, value in fields.items():
        setattr(draft, key, value)
    record_event(session, actor=actor, action=f"draft.{status}", entity_type="draft", entity_id=str(draft_id),
                 detail={"from": previous, **{k: str(v) for k, v in fields.items()}})
    session.flush()
