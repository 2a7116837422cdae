"""Liveness, without signing in."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import SessionDep
from api.schemas.misc import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(request: Request, session: SessionDep) -> HealthOut | JSONResponse:
    """Whether the API answers and reaches its database."""
    agent = request.app.state.agent is not None
    try:
        session.execute(text("select 1"))
    except Exception:  # any database failure means "unhealthy", which is what this endpoint reports
        return JSONResponse(HealthOut(status="degraded", database="unreachable", agent=agent).model_dump(),
                            status_code=503)
    return HealthOut(status="ok", database="ok", agent=agent)
