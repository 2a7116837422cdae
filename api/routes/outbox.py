"""The outbox: messages approved for sending."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Overseer, SessionDep
from tools.outbox import OutboxOut, list_outbox

router = APIRouter(tags=["outbox"])


@router.get("/outbox", response_model=list[OutboxOut])
def outbox(
    user: Overseer, session: SessionDep,
    status: Annotated[str | None, Query(pattern="^(pending|sending|sent|failed)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxOut]:
    """Messages approved for sending, newest first."""
    return list_outbox(session, status=status, limit=limit)
