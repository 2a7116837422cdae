"""What the API needs from the agent, as a protocol: the entry point wires the real agent in,
so `api/` never imports `agent/` (imports point down to tools only)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from pydantic import BaseModel, Field


class DecisionOutcome(BaseModel):
    """What happened to a draft after a person's decision resumed its thread."""

    draft_id: int
    status: str  # the draft's status afterwards
    outcome: str  # sent | scheduled | approved | rejected | snoozed | superseded | blocked | edited
    message: str = ""
    new_draft_id: int | None = None
    failing_checks: list[dict[str, Any]] = Field(default_factory=list)


class DryRunChange(BaseModel):
    """How one queued draft would change under proposed rules."""

    draft_id: int
    customer_name: str
    action_before: str
    action_after: str
    tier_before: str | None
    tier_after: str | None
    checks_changed: list[dict[str, Any]]  # {"rule", "before", "after", "detail"}
    approval_before: bool
    approval_after: bool

    @property
    def changed(self) -> bool:
        return (self.action_before != self.action_after or self.tier_before != self.tier_after
                or bool(self.checks_changed) or self.approval_before != self.approval_after)


class DecisionRefused(ValueError):
    """A decision the rules do not allow (the API maps it to 403/409 with this message)."""

    def __init__(self, message: str, *, status_code: int = 409):
        super().__init__(message)
        self.status_code = status_code


class AgentPort(Protocol):
    def decide(self, draft_id: int, decision: dict[str, Any]) -> DecisionOutcome: ...

    def dry_run(self, rules: dict[str, Any], *, limit: int = 200) -> list[DryRunChange]: ...

    def refresh_queue(self, *, actor: str) -> int: ...

    def start_run(
        self, *, as_of: dt.datetime | None, started_by: str, customer_ids: list[int] | None = None
    ) -> int: ...
