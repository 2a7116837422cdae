"""The approvals inbox: what waits for a manager."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Manager, SessionDep
from api.schemas.drafts import ApprovalItemOut, ApprovalsOut
from tools.drafts import QueueFilter, list_queue
from tools.review_queue import approval_reasons

router = APIRouter(tags=["approvals"])


@router.get("/approvals", response_model=ApprovalsOut)
def approvals(
    user: Manager, session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ApprovalsOut:
    """Drafts waiting for a manager: final notices, large balances, plans past limits, write-offs."""
    drafts, total = list_queue(session, filters=QueueFilter(status=["pending_review"], needs_manager_approval=True,
                                                            limit=limit, offset=offset))
    items = [ApprovalItemOut(draft=d, kinds=approval_reasons(d)) for d in drafts]
    return ApprovalsOut(items=items, total=total, by_kind=dict(Counter(k for i in items for k in i.kinds)))
