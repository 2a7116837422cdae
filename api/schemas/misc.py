"""Small bodies: audit pages, runs, health."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import Id, Moment
from tools.audit import AuditEventOut


class AuditPageOut(BaseModel):
    items: list[AuditEventOut]
    limit: int
    offset: int
    has_more: bool


class RunIn(BaseModel):
    """Plan the portfolio (or some customers) as of a moment (default: now)."""

    as_of: Moment | None = None
    customer_ids: list[Id] | None = Field(default=None, min_length=1, max_length=1000)


class RunStartedOut(BaseModel):
    run_id: int


class HealthOut(BaseModel):
    status: str
    database: str
    agent: bool
