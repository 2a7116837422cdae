"""The small interface every drafter implements: a plan and its facts in, a cited draft out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol

from pydantic import BaseModel, Field

from agent.facts import Fact
from tools.rules import Rules, tier_reached


class PlanInstallment(BaseModel):
    due_date: dt.date
    amount: Decimal


class PaymentPlan(BaseModel):
    """A schedule computed from the rules, never by a model."""

    installments: list[PlanInstallment]
    total: Decimal
    currency: str = "USD"


class InvoiceLine(BaseModel):
    """An invoice the message covers, with its derived open balance."""

    number: str
    issue_date: dt.date
    due_date: dt.date
    amount: Decimal
    balance: Decimal
    currency: str
    days_past_due: int
    po_number: str | None = None
    fact_id: str


class DraftRequest(BaseModel):
    """Everything a drafter may use. Drafters must not invent anything outside it."""

    action: str
    tier: str | None
    tone: str
    channel: str | None
    customer_name: str
    customer_external_id: str
    segment: str
    recipient_email: str | None
    recipient_name: str | None
    owner_email: str | None
    invoices: list[InvoiceLine] = Field(default_factory=list)  # what the message demands
    disputed_invoices: list[InvoiceLine] = Field(default_factory=list)  # never demanded
    total_due: Decimal = Decimal("0")
    currency: str = "USD"
    total_fact_id: str | None = None
    payment_plan: PaymentPlan | None = None
    deadline: dt.date | None = None  # final notices
    late_fee_clause: str | None = None  # e.g. "1.5% per month"; None means no fees may be mentioned
    # The guardrail rules' tiers from which a clause may be quoted and legal wording used (managers set them).
    fees_from_tier: str = Rules.model_fields["fees_from_tier"].default
    legal_wording_from_tier: str = Rules.model_fields["legal_wording_from_tier"].default
    facts: list[Fact] = Field(default_factory=list)
    as_of: dt.datetime
    company_name: str = "OurCo"
    sender_name: str = "Accounts Receivable"
    payment_instructions: str = ""
    required_footer: str = ""
    extra: dict[str, Any] = Field(default_factory=dict)  # action-specific material (talking points, history)


    @property
    def fees_allowed(self) -> bool:
        """A late-fee clause exists and this tier may quote it."""
        return bool(self.late_fee_clause) and tier_reached(self.tier, self.fees_from_tier)

    @property
    def legal_wording_allowed(self) -> bool:
        """This tier may use legal or agency wording."""
        return tier_reached(self.tier, self.legal_wording_from_tier)


class DraftResult(BaseModel):
    """A drafted message and the fact ids it relies on."""

    subject: str
    body: str
    cited_facts: list[str]
    drafter: str  # "template", "llm", or "template (fallback from llm)"
    model_confidence: float | None = None  # the model's own assessment, 0..1, where it gives one
    notes: list[str] = Field(default_factory=list)  # e.g. why a fallback happened


class Drafter(Protocol):
    """Turns a planned action into a message."""

    name: str

    def draft(self, request: DraftRequest) -> DraftResult: ...
