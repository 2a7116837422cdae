"""SQLAlchemy 2 models of the AR ledger, rules, drafts, reviews, outbox, users and audit.

Open balances are never stored: `tools.ledger` derives them from invoices, allocations and
credit notes, in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

EMBEDDING_DIM = 256
Money = Numeric(14, 2)
JsonCol = JSON().with_variant(JSONB(), "postgresql")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    segment: Mapped[str] = mapped_column(String(32), default="standard")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(16), default="en")
    owner_email: Mapped[str | None] = mapped_column(String(200))
    automation_excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    # Per-customer guardrail overrides (a scenario's `rules`), merged over the active rule set.
    rule_overrides: Mapped[dict[str, Any]] = mapped_column(JsonCol, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    contacts: Mapped[list[Contact]] = relationship(back_populates="customer", cascade="all, delete-orphan")
    contract: Mapped[Contract | None] = relationship(back_populates="customer", cascade="all, delete-orphan")
    invoices: Mapped[list[Invoice]] = relationship(back_populates="customer", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(
            "segment IN ('standard','strategic','small_business','high_risk','government')",
            name="customer_segment_valid",
        ),
    )


class Contact(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16), default="billing")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    customer: Mapped[Customer] = relationship(back_populates="contacts")

    __table_args__ = (
        UniqueConstraint("customer_id", "email", name="contact_customer_email_key"),
        CheckConstraint("role IN ('billing','ap','owner','other')", name="contact_role_valid"),
    )


class Contract(Base):
    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), unique=True)
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    late_fee_type: Mapped[str | None] = mapped_column(String(32))  # percent_per_month | flat | None
    late_fee_value: Mapped[Decimal | None] = mapped_column(Numeric(10, 4))
    payment_plans_allowed: Mapped[bool] = mapped_column(Boolean, default=True)

    customer: Mapped[Customer] = relationship(back_populates="contract")

    __table_args__ = (
        CheckConstraint(
            "late_fee_type IS NULL OR late_fee_type IN ('percent_per_month','flat')",
            name="contract_late_fee_type_valid",
        ),
    )


class Invoice(Base):
    __tablename__ = "invoice"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    issue_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    po_number: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    customer: Mapped[Customer] = relationship(back_populates="invoices")

    __table_args__ = (CheckConstraint("amount >= 0", name="invoice_amount_non_negative"),)


class Payment(Base):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    received_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    allocations: Mapped[list[PaymentAllocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("amount > 0", name="payment_amount_positive"),)


class PaymentAllocation(Base):
    __tablename__ = "payment_allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)

    payment: Mapped[Payment] = relationship(back_populates="allocations")

    __table_args__ = (
        UniqueConstraint("payment_id", "invoice_id", name="allocation_payment_invoice_key"),
        CheckConstraint("amount > 0", name="allocation_amount_positive"),
    )


class CreditNote(Base):
    __tablename__ = "credit_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("amount > 0", name="credit_note_amount_positive"),)


class Dispute(Base):
    __tablename__ = "dispute"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"), index=True)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    owner_email: Mapped[str | None] = mapped_column(String(200))
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    resolution: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("status IN ('open','resolved')", name="dispute_status_valid"),)


class Promise(Base):
    __tablename__ = "promise"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    promised_date: Mapped[dt.date] = mapped_column(Date)
    made_by: Mapped[str | None] = mapped_column(String(200))
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    invoice_numbers: Mapped[list[str]] = mapped_column(JsonCol, default=list)

    __table_args__ = (
        CheckConstraint("status IN ('pending','kept','broken')", name="promise_status_valid"),
        CheckConstraint("amount > 0", name="promise_amount_positive"),
    )


class Communication(Base):
    __tablename__ = "communication"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(200))
    recipient: Mapped[str | None] = mapped_column(String(200))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id", ondelete="SET NULL"))
    embedding: Mapped[list[float] | None] = mapped_column(Vector(EMBEDDING_DIM))

    __table_args__ = (
        CheckConstraint("direction IN ('inbound','outbound')", name="communication_direction_valid"),
        CheckConstraint(
            "channel IN ('email','phone','letter','sms','note')", name="communication_channel_valid"
        ),
        Index(
            "communication_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
    )


class RuleSet(Base):
    """One version of the guardrail rules and cadence; the highest version is in force."""

    __tablename__ = "rule_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    rules: Mapped[dict[str, Any]] = mapped_column(JsonCol)
    created_by: Mapped[str] = mapped_column(String(200), default="system")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    note: Mapped[str | None] = mapped_column(Text)


class AppUser(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    __table_args__ = (
        CheckConstraint("role IN ('collector','manager','admin','auditor')", name="app_user_role_valid"),
    )


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonCol, default=dict)


class Draft(Base):
    """What the agent proposes for one account in one cycle, with its evidence."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    thread_id: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(24), default="pending_review", index=True)
    action: Mapped[str] = mapped_column(String(32))
    tier: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(16))
    recipient: Mapped[str | None] = mapped_column(String(200))
    # Internal actions (call task, dispute routing, escalation, write-off) go to a colleague, not the customer.
    internal_recipient: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    original_subject: Mapped[str] = mapped_column(Text, default="")
    original_body: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[list[dict[str, Any]]] = mapped_column(JsonCol, default=list)
    cited_facts: Mapped[list[str]] = mapped_column(JsonCol, default=list)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JsonCol, default=list)
    confidence: Mapped[float] = mapped_column(default=0.0)
    confidence_reasons: Mapped[list[str]] = mapped_column(JsonCol, default=list)
    needs_manager_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    manager_approved_by: Mapped[str | None] = mapped_column(String(200))
    skip_reason: Mapped[str | None] = mapped_column(Text)
    payment_plan: Mapped[dict[str, Any] | None] = mapped_column(JsonCol)
    drafter: Mapped[str] = mapped_column(String(32), default="template")
    priority: Mapped[Decimal] = mapped_column(Numeric(16, 4), default=Decimal("0"))
    total_due: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    # Hash of balances, payments, disputes and opt-outs at drafting time; re-read before sending.
    ledger_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    rule_set_version: Mapped[int | None] = mapped_column(Integer)
    assignee: Mapped[str | None] = mapped_column(String(200), index=True)
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    scheduled_for: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("draft.id", ondelete="SET NULL"))

    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_review','approved','rejected','snoozed','superseded','sent',"
            "'send_failed','skipped','blocked')",
            name="draft_status_valid",
        ),
    )


class Review(Base):
    """A person's decision on a draft; edits keep a unified diff."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    reason_code: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    diff: Mapped[str | None] = mapped_column(Text)
    edit_distance: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint(
            "decision IN ('approve','edit','reject','snooze','reassign','override')",
            name="review_decision_valid",
        ),
    )


class OutboxMessage(Base):
    """Transactional outbox: one row per approved draft, keyed for at-most-once delivery."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # "claimed" until the transport reaches its point of no return, then "data" (see tools.outbox).
    phase: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(
            "status IN ('pending','sending','sent','failed')", name="outbox_message_status_valid"
        ),
    )


class RiskModel(Base):
    """A trained late-payment model, pickled, with its version and training date."""

    __tablename__ = "risk_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    trained_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    trained_through: Mapped[dt.date | None] = mapped_column(Date)
    metrics: Mapped[dict[str, Any]] = mapped_column(JsonCol, default=dict)
    blob: Mapped[bytes] = mapped_column(LargeBinary)


class AgentRun(Base):
    """One pass of the agent over some or all of the portfolio, with progress."""

    __tablename__ = "agent_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    started_by: Mapped[str] = mapped_column(String(200), default="system")
    summary: Mapped[dict[str, Any]] = mapped_column(JsonCol, default=dict)


class EvalRun(Base):
    """An eval run's summary and report, for the Evals page."""

    __tablename__ = "eval_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    dataset: Mapped[str] = mapped_column(String(300))
    drafter: Mapped[str] = mapped_column(String(32))
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[dict[str, Any]] = mapped_column(JsonCol, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JsonCol, default=dict)


def utcnow() -> dt.datetime:
    """Timezone-aware now, for defaults outside the ORM."""
    return _now()


__all__ = [name for name in dir() if name[0].isupper()] + ["utcnow", "EMBEDDING_DIM", "func"]
