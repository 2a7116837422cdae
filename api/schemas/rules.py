"""Guardrail rules: changes, versions and dry runs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import Note
from tools.rules import Rules


class RulesIn(BaseModel):
    """A complete rule set (fields left out take their defaults) and why it changes."""

    rules: Rules
    note: Note | None = None


class RulesSavedOut(BaseModel):
    version: int
    rechecked_drafts: int


class DryRunIn(BaseModel):
    rules: Rules
    limit: int = Field(default=200, ge=1, le=1000)


class DryRunChangeOut(BaseModel):
    draft_id: int
    customer_name: str
    action_before: str
    action_after: str
    tier_before: str | None
    tier_after: str | None
    checks_changed: list[dict[str, Any]]
    approval_before: bool
    approval_after: bool
    changed: bool


class DryRunOut(BaseModel):
    checked: int
    changed: int
    changes: list[DryRunChangeOut]  # only the drafts that would change
