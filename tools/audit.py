"""The audit trail: every change and every step of a draft's life writes one event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.models import AuditEvent


class AuditEventOut(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    detail: dict[str, Any]


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit event in the caller's transaction."""
    session.add(
        AuditEvent(actor=actor, action=action, entity_type=entity_type, entity_id=entity_id, detail=detail or {})
    )


def list_events(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    since: dt.datetime | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditEventOut]:
    """Audit events, newest first, filtered."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    if since:
        query = query.where(AuditEvent.at >= since)
    rows = session.scalars(query.limit(limit).offset(offset))
    return [
        AuditEventOut(
            id=r.id, at=r.at, actor=r.actor, action=r.action, entity_type=r.entity_type,
            entity_id=r.entity_id, detail=r.detail,
        )
        for r in rows
    ]
