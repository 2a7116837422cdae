"""The review queue, one draft's page, decisions, reassignment and bulk approval."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas.common import NO_NUL, Email, Id, Moment, Note, Text
from tools.audit import AuditEventOut
from tools.drafts import DraftOut, ReviewOut
from tools.review_queue import BulkResult, SimilarDraft

DraftStatus = Literal["pending_review", "approved", "rejected", "snoozed", "superseded", "sent", "send_failed",
                      "skipped", "blocked"]
Tier = Literal["pre_due", "T1", "T2", "T3", "T4", "T5"]
Segment = Literal["standard", "strategic", "small_business", "high_risk", "government"]


class DraftListOut(BaseModel):
    items: list[DraftOut]
    total: int
    counts: dict[str, int]  # drafts per status across the whole queue


class DraftDetailOut(DraftOut):
    """A draft with where its facts come from, what happened to it, and similar sent drafts."""

    sources: list[str]
    reviews: list[ReviewOut]
    events: list[AuditEventOut]
    similar: list[SimilarDraft]


class DecisionIn(BaseModel):
    """A reviewer's decision; who decides, and in which role, comes from the token."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["approve", "edit", "reject", "snooze"]
    subject: Text | None = None
    body: Text | None = None
    reason_code: Literal["wrong_amount", "wrong_recipient", "wrong_action", "tone", "customer_paid",
                         "dispute_pending", "do_not_contact", "duplicate", "other"] | None = None
    note: Note | None = None
    snooze_until: Moment | None = None
    # A manager's written reason to send despite a hard check failure.
    override_reason: Annotated[str, StringConstraints(min_length=10, max_length=2_000, pattern=NO_NUL)] | None = None


class ReassignIn(BaseModel):
    assignee: Email


class BulkApproveIn(BaseModel):
    draft_ids: list[Id] = Field(min_length=1, max_length=100)


class BulkApproveOut(BaseModel):
    results: list[BulkResult]
    approved: int
    refused: int


class ApprovalItemOut(BaseModel):
    draft: DraftOut
    kinds: list[str]  # final_notice, write_off, large_balance, payment_plan, escalation, tier, segment


class ApprovalsOut(BaseModel):
    items: list[ApprovalItemOut]
    total: int
    by_kind: dict[str, int]
