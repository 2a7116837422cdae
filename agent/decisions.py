"""A person's decision on a draft: the value a review resumes the graph with."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

REJECT_REASONS = (
    "wrong_amount", "wrong_recipient", "wrong_action", "tone", "customer_paid", "dispute_pending",
    "do_not_contact", "duplicate", "other",
)


class ReviewDecision(BaseModel):
    """approve (optionally with an edited text), edit (save only), reject with a reason, or snooze."""

    kind: Literal["approve", "edit", "reject", "snooze"]
    actor: str = Field(min_length=1)
    role: Literal["collector", "manager", "admin", "auditor", "system"] = "collector"
    subject: str | None = None
    body: str | None = None
    reason_code: str | None = None
    note: str | None = None
    snooze_until: dt.datetime | None = None
    override_reason: str | None = None  # a manager's written reason to send despite a hard check failure

    @model_validator(mode="after")
    def _complete(self) -> ReviewDecision:
        if self.kind == "edit" and self.subject is None and self.body is None:
            raise ValueError("an edit needs a new subject or body")
        if self.kind == "reject" and self.reason_code not in REJECT_REASONS:
            raise ValueError(f"reject needs a reason_code, one of: {', '.join(REJECT_REASONS)}")
        if self.kind == "snooze":
            if self.snooze_until is None or self.snooze_until.tzinfo is None:
                raise ValueError("snooze needs snooze_until, a timestamp with a time zone")
        if self.override_reason is not None:
            if self.role not in ("manager", "admin"):
                raise ValueError("only a manager can override a hard check")
            if len(self.override_reason.strip()) < 10:
                raise ValueError("an override needs a written reason (at least 10 characters)")
        return self

    @property
    def is_manager(self) -> bool:
        return self.role in ("manager", "admin")

    @property
    def edits_text(self) -> bool:
        return self.subject is not None or self.body is not None
