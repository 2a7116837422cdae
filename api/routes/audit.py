"""The audit trail, for auditors and admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Auditor, SessionDep
from api.schemas.common import NO_NUL
from api.schemas.misc import AuditPageOut
from tools.audit import list_events

router = APIRouter(tags=["audit"])
Filter = Annotated[str | None, Query(max_length=200, pattern=NO_NUL)]


@router.get("/audit", response_model=AuditPageOut)
def audit(
    user: Auditor, session: SessionDep, actor: Filter = None,
    action: Annotated[str | None, Query(max_length=64, pattern=NO_NUL, description="prefix, e.g. draft.")] = None,
    entity_type: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    entity_id: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    since: dt.datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AuditPageOut:
    """Audit events, newest first."""
    # A naive `since` is read as UTC rather than the database's session time zone.
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    events = list_events(session, actor=actor, action=action, entity_type=entity_type, entity_id=entity_id,
                         since=since, limit=limit + 1, offset=offset)
    return AuditPageOut(items=events[:limit], limit=limit, offset=offset, has_more=len(events) > limit)
