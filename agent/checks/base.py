"""The check models and the small helpers every check shares."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from agent.drafters.base import DraftRequest
from tools.rules import Rules

Severity = Literal["hard", "soft"]

# Notes for a colleague, never sent to the customer (docs/collections-policy.md, "Recipient").
INTERNAL_ACTIONS = frozenset({"call_task", "route_dispute", "escalate_to_manager", "write_off_review"})
# Talking points the owner reads to the customer on the phone: internal, but heard by the customer,
# so the wording rules (fees, legal wording) still apply to them.
SPOKEN_TO_CUSTOMER = frozenset({"call_task"})
INTERNAL = "internal action"


class CheckResult(BaseModel):
    """One rule's verdict on one draft. Hard failures block sending; soft ones flag for attention."""

    rule: str
    severity: Severity
    passed: bool
    detail: str = ""


class ContactInfo(BaseModel):
    """A customer contact as the recipient check needs it."""

    name: str | None
    email: str | None
    opted_out: bool


class CheckInput(BaseModel):
    """Everything the checks read: the draft, what it was drafted from, the rules and the contact history."""

    request: DraftRequest
    subject: str
    body: str
    recipient: str | None  # None for internal actions
    rules: Rules
    contacts: list[ContactInfo] = Field(default_factory=list)
    outbound_contact_times: list[dt.datetime] = Field(default_factory=list)  # earlier customer-facing contacts
    customer_timezone: str
    open_balance_total: Decimal
    send_at: dt.datetime  # when it would go out (the as-of time)
    manager_approved: bool = False

    @field_validator("send_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("send_at must be timezone-aware")
        return value

    @field_validator("outbound_contact_times")
    @classmethod
    def _all_aware(cls, values: list[dt.datetime]) -> list[dt.datetime]:
        if any(v.tzinfo is None or v.utcoffset() is None for v in values):
            raise ValueError("outbound_contact_times must be timezone-aware")
        return values

    @property
    def text(self) -> str:
        """Subject and body together: every check reads both."""
        return f"{self.subject}\n{self.body}"

    @property
    def internal(self) -> bool:
        """An internal note (call task, dispute routing, escalation, write-off review)."""
        return self.request.action in INTERNAL_ACTIONS

    @property
    def read_by_customer(self) -> bool:
        """Whether the customer reads or hears the wording (messages, and call-task talking points)."""
        return not self.internal or self.request.action in SPOKEN_TO_CUSTOMER


def hard_failures(results: list[CheckResult]) -> list[CheckResult]:
    """The failed hard checks: any one of them blocks sending."""
    return [r for r in results if r.severity == "hard" and not r.passed]


def passed(rule: str, severity: Severity, detail: str = "") -> CheckResult:
    """A passing result."""
    return CheckResult(rule=rule, severity=severity, passed=True, detail=detail)


def failed(rule: str, severity: Severity, detail: str) -> CheckResult:
    """A failing result; `detail` says what to fix."""
    return CheckResult(rule=rule, severity=severity, passed=False, detail=detail)




@cache
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Case-insensitive whole-phrase match; any run of whitespace matches a space."""
    words = [re.escape(word) for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def found_phrases(text: str, phrases: list[str]) -> list[str]:
    """The phrases (as configured) that occur in `text` as whole phrases."""
    return [p for p in dict.fromkeys(phrases) if p.strip() and phrase_pattern(p.strip()).search(text)]


