"""The shared scenario file format (../shared/scenarios/README.md) as Pydantic models.

The importer, the demo portfolio generator, `arcopilot scenario run` and the evals all read it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

Segment = Literal["standard", "strategic", "small_business", "high_risk", "government"]
Action = Literal[
    "send_reminder",
    "offer_payment_plan",
    "call_task",
    "route_dispute",
    "final_notice",
    "write_off_review",
    "escalate_to_manager",
    "no_action",
]
Tier = Literal["pre_due", "T1", "T2", "T3", "T4", "T5"]
Tone = Literal["friendly", "neutral", "firm", "formal"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError("money must be a string with two decimals, not a float")
    try:
        amount = Decimal(str(value))
    except Exception as exc:  # decimal.InvalidOperation is not a ValueError
        raise ValueError(f"not a number: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {value!r}")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"more than two decimals: {value!r}")
    return amount.quantize(Decimal("0.01"))


def _positive(amount: Decimal) -> Decimal:
    if amount <= 0:
        raise ValueError("amount must be positive")
    return amount


# Money is a string with two decimals; floats are refused so no amount is ever rounded on the way in.
Money = Annotated[Decimal, BeforeValidator(_money)]
PositiveMoney = Annotated[Decimal, BeforeValidator(_money), AfterValidator(_positive)]


class ScenarioCustomer(_Strict):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    segment: Segment = "standard"
    timezone: str = "UTC"
    language: str = "en"
    owner: str | None = None
    automation_excluded: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {value!r}") from exc
        return value


class ScenarioContact(_Strict):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    role: Literal["billing", "ap", "owner", "other"] = "billing"
    primary: bool = False
    opted_out: bool = False


class LateFee(_Strict):
    type: Literal["percent_per_month", "flat"]
    value: Decimal

    @field_validator("value", mode="before")
    @classmethod
    def _positive_fee(cls, value: Any) -> Decimal:
        # A rate such as "1.5" may have more decimals than money, so it is parsed, not quantised.
        try:
            amount = Decimal(str(value))
        except Exception as exc:  # decimal.InvalidOperation is not a ValueError
            raise ValueError(f"not a number: {value!r}") from exc
        if not amount.is_finite() or amount <= 0:
            raise ValueError("late fee must be a positive number")
        return amount


class ScenarioContract(_Strict):
    payment_terms_days: int = Field(default=30, ge=0, le=365)
    late_fee: LateFee | None = None
    payment_plans_allowed: bool = True


class ScenarioInvoice(_Strict):
    number: str = Field(min_length=1, max_length=64)
    issue_date: dt.date
    due_date: dt.date
    amount: Money
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    balance: Money
    paid_date: dt.date | None = None
    po_number: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ScenarioInvoice:
        if self.amount < 0:
            raise ValueError("amount must not be negative")
        if self.balance < 0 or self.balance > self.amount:
            raise ValueError(f"balance {self.balance} must lie between 0 and the amount {self.amount}")
        if self.due_date < self.issue_date:
            raise ValueError("due_date is before issue_date")
        return self


class ScenarioPayment(_Strict):
    invoice: str
    amount: PositiveMoney
    date: dt.date
    method: str | None = None


class ScenarioCreditNote(_Strict):
    number: str
    invoice: str
    amount: PositiveMoney
    date: dt.date
    reason: str | None = None


class ScenarioDispute(_Strict):
    invoice: str
    opened: dt.date
    reason: str
    status: Literal["open", "resolved"] = "open"
    owner: str | None = None


class ScenarioPromise(_Strict):
    invoices: list[str] = Field(default_factory=list)
    amount: PositiveMoney
    promised_date: dt.date
    made_by: str | None = None
    recorded: dt.date
    status: Literal["pending", "kept", "broken"] = "pending"


class ScenarioCommunication(_Strict):
    direction: Literal["inbound", "outbound"]
    channel: Literal["email", "phone", "letter", "sms", "note"]
    at: dt.datetime
    subject: str | None = None
    body: str = ""
    author: str | None = None

    @field_validator("at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("timestamp needs a time zone (for example 2026-11-18T15:00:00Z)")
        return value


class ScenarioExpect(_Strict):
    action: Action
    tier: Tier | None = None
    recipient: str | None = None
    must_mention: list[str] = Field(default_factory=list)
    must_not_mention: list[str] = Field(default_factory=list)
    tone: Tone = "neutral"
    needs_manager_approval: bool = False


class Scenario(_Strict):
    """One customer account frozen at `as_of`, with what a good collector would expect."""

    id: str = Field(min_length=1)
    description: str = ""
    as_of: dt.datetime
    customer: ScenarioCustomer
    contacts: list[ScenarioContact] = Field(default_factory=list)
    contract: ScenarioContract = Field(default_factory=ScenarioContract)
    invoices: list[ScenarioInvoice] = Field(default_factory=list)
    payments: list[ScenarioPayment] = Field(default_factory=list)
    credit_notes: list[ScenarioCreditNote] = Field(default_factory=list)
    disputes: list[ScenarioDispute] = Field(default_factory=list)
    promises: list[ScenarioPromise] = Field(default_factory=list)
    communications: list[ScenarioCommunication] = Field(default_factory=list)
    rules: dict[str, Any] = Field(default_factory=dict)
    expect: ScenarioExpect | None = None

    @field_validator("as_of")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("as_of needs a time zone (for example 2026-11-18T15:00:00Z)")
        return value

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        numbers = [inv.number for inv in self.invoices]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate invoice numbers: {', '.join(duplicates)}")
        known = set(numbers)
        for kind, refs in (
            ("payments", [p.invoice for p in self.payments]),
            ("credit_notes", [c.invoice for c in self.credit_notes]),
            ("disputes", [d.invoice for d in self.disputes]),
            ("promises", [n for p in self.promises for n in p.invoices]),
        ):
            unknown = sorted(set(refs) - known)
            if unknown:
                raise ValueError(f"{kind} refer to unknown invoices: {', '.join(unknown)}")
        by_invoice: dict[str, Decimal] = {}
        for p in self.payments:
            by_invoice[p.invoice] = by_invoice.get(p.invoice, Decimal(0)) + p.amount
        for c in self.credit_notes:
            by_invoice[c.invoice] = by_invoice.get(c.invoice, Decimal(0)) + c.amount
        for inv in self.invoices:
            settled = by_invoice.get(inv.number, Decimal(0))
            if settled > inv.amount - inv.balance:
                raise ValueError(
                    f"invoice {inv.number}: payments and credit notes ({settled}) exceed "
                    f"amount − balance ({inv.amount - inv.balance})"
                )
        return self


class ScenarioFileError(ValueError):
    """A scenario file that cannot be read, with the file and the field that is wrong."""


def load_scenario(path: Path) -> Scenario:
    """Read and validate one scenario file; errors name the file and the field."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioFileError(f"{path}: cannot read: {exc.strerror}") from exc
    if not raw.strip():
        raise ScenarioFileError(f"{path}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(f"{path}: not UTF-8 (byte {exc.start}); save the file as UTF-8") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    return parse_scenario(data, source=str(path))


def parse_scenario(data: Any, *, source: str = "<scenario>") -> Scenario:
    """Validate a decoded scenario; errors name the source and the field path."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            problems.append(f"{where}: {err['msg']}")
        raise ScenarioFileError(f"{source}: " + "; ".join(problems)) from exc


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, for editors and the eval dataset."""
    return Scenario.model_json_schema()
