"""What the review UI reads from the API: the fields it shows, nothing it does not.

These mirror the API's response schemas instead of importing them, so the UI needs only HTTP and
pydantic (no database drivers) and a field the API adds later is simply ignored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Value(BaseModel):
    model_config = ConfigDict(extra="ignore")


class User(Value):
    id: int
    email: str
    name: str
    role: str
    active: bool = True
    timezone: str = "UTC"
    created_at: dt.datetime | None = None


class Token(Value):
    access_token: str
    user: User


class Check(Value):
    rule: str
    passed: bool
    severity: str
    detail: str = ""


class Fact(Value):
    id: str
    kind: str
    text: str
    source: str | None = None
    values: dict[str, Any] = Field(default_factory=dict)
    untrusted: bool = False


class Draft(Value):
    id: int
    customer_id: int
    customer_name: str
    segment: str
    status: str
    action: str
    tier: str | None
    channel: str | None
    recipient: str | None
    internal_recipient: str | None = None
    subject: str
    body: str
    original_body: str = ""
    facts: list[Fact] = Field(default_factory=list)
    cited_facts: list[str] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    confidence: float
    confidence_reasons: list[str] = Field(default_factory=list)
    needs_manager_approval: bool
    skip_reason: str | None = None
    payment_plan: dict[str, Any] | None = None
    priority: Decimal
    total_due: Decimal
    currency: str
    assignee: str | None = None
    snoozed_until: dt.datetime | None = None
    created_at: dt.datetime
    decided_at: dt.datetime | None = None


class Review(Value):
    decision: str
    actor: str
    at: dt.datetime
    reason_code: str | None = None
    note: str | None = None
    edit_distance: int | None = None


class AuditEvent(Value):
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    detail: dict[str, Any] = Field(default_factory=dict)


class SimilarDraft(Value):
    id: int
    customer_name: str
    subject: str
    body: str
    decided_at: dt.datetime | None
    similarity: float


class DraftDetail(Draft):
    reviews: list[Review] = Field(default_factory=list)
    events: list[AuditEvent] = Field(default_factory=list)
    similar: list[SimilarDraft] = Field(default_factory=list)


class DraftList(Value):
    items: list[Draft]
    total: int
    counts: dict[str, int]


class DecisionOutcome(Value):
    draft_id: int
    status: str
    outcome: str
    message: str = ""
    new_draft_id: int | None = None
    failing_checks: list[Check] = Field(default_factory=list)


class BulkResult(Value):
    draft_id: int
    approved: bool
    outcome: str
    reason: str = ""


class BulkApproved(Value):
    results: list[BulkResult]
    approved: int
    refused: int


class AccountSummary(Value):
    id: int
    external_id: str
    name: str
    segment: str
    owner_email: str | None
    open_balance: Decimal
    open_invoices: int
    oldest_days_past_due: int | None
    open_disputes: int
    pending_drafts: int


class AccountList(Value):
    items: list[AccountSummary]
    total: int


class Aging(Value):
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    total: Decimal


class TimelineEntry(Value):
    at: dt.datetime
    kind: str
    ref_id: int
    title: str
    detail: str = ""


class AccountSnapshot(Value):
    """The ledger rows of one account, kept as dicts: the UI shows them as tables and source records."""

    customer: dict[str, Any]
    contacts: list[dict[str, Any]]
    contract: dict[str, Any] | None
    invoices: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    credit_notes: list[dict[str, Any]]
    disputes: list[dict[str, Any]]
    promises: list[dict[str, Any]]
    communications: list[dict[str, Any]]


class AccountDetail(Value):
    account: AccountSnapshot
    open_balance: Decimal
    aging: Aging
    drafts: list[Draft]
    timeline: list[TimelineEntry]


class RuleVersion(Value):
    version: int
    created_by: str
    created_at: dt.datetime
    note: str | None = None
    rules: dict[str, Any]


class RulesSaved(Value):
    version: int
    rechecked_drafts: int


class DryRunChange(Value):
    draft_id: int
    customer_name: str
    action_before: str
    action_after: str
    tier_before: str | None
    tier_after: str | None
    checks_changed: list[dict[str, Any]]
    approval_before: bool
    approval_after: bool


class DryRun(Value):
    checked: int
    changed: int
    changes: list[DryRunChange]


class ApprovalItem(Value):
    draft: Draft
    kinds: list[str]


class Approvals(Value):
    items: list[ApprovalItem]
    total: int
    by_kind: dict[str, int]


class AgingSnapshot(Value):
    month_end: dt.date
    buckets: Aging


class TierCollection(Value):
    tier: str
    drafts_sent: int
    drafts_followed_by_payment: int
    collected: Decimal
    rate: float


class DayThroughput(Value):
    day: dt.date
    created: int
    decided: int


class Metrics(Value):
    as_of: dt.date
    aging_now: Aging
    aging_history: list[AgingSnapshot]
    dso_days: float | None
    dso_window_days: int
    collection_window_days: int
    collected_after_contact: list[TierCollection]
    throughput: list[DayThroughput]
    approved_drafts: int
    approval_without_edit_rate: float | None
    average_edit_distance: float | None
    reject_reasons: dict[str, int]
    status_counts: dict[str, int]


class AuditPage(Value):
    items: list[AuditEvent]
    has_more: bool


class AgentRun(Value):
    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    as_of: dt.datetime
    status: str
    total: int
    done: int
    progress: float
    started_by: str
    summary: dict[str, Any] = Field(default_factory=dict)


class EvalRun(Value):
    id: int
    started_at: dt.datetime
    dataset: str
    drafter: str
    passed: bool
    summary: dict[str, Any] = Field(default_factory=dict)
    report: dict[str, Any] | None = None
