"""Guardrail rules and cadence: manager-owned, versioned, validated, audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.audit import record_event
from tools.models import Customer, RuleSet

TIERS = ("pre_due", "T1", "T2", "T3", "T4", "T5")


def tier_rank(tier: str | None) -> int:
    """A tier's place in the cadence (pre_due 0 … T5 5); -1 for no tier or an unknown one."""
    return TIERS.index(tier) if tier in TIERS else -1


def tier_reached(tier: str | None, threshold: str) -> bool:
    """Whether `tier` is at or past `threshold` in the cadence (no tier never is)."""
    return tier_rank(tier) >= 0 and tier_rank(tier) >= tier_rank(threshold)


class CadenceStep(BaseModel):
    """One tier of the dunning cadence: when it applies and how it sounds."""

    model_config = ConfigDict(extra="forbid")

    tier: Literal["T1", "T2", "T3", "T4", "T5"]
    from_day: int = Field(ge=1)
    to_day: int | None = Field(default=None, ge=1)  # None: open-ended (T5)
    tone: Literal["friendly", "neutral", "firm", "formal"]


DEFAULT_CADENCE = [
    CadenceStep(tier="T1", from_day=1, to_day=7, tone="friendly"),
    CadenceStep(tier="T2", from_day=8, to_day=30, tone="neutral"),
    CadenceStep(tier="T3", from_day=31, to_day=60, tone="firm"),
    CadenceStep(tier="T4", from_day=61, to_day=90, tone="formal"),
    CadenceStep(tier="T5", from_day=91, to_day=None, tone="formal"),
]

DEFAULT_FORBIDDEN_PHRASES = [
    "you people",
    "criminal",
    "jail",
    "prison",
    "ruin your credit",
    "we know where",
    "shame",
    "pathetic",
    "deadbeat",
    "or else",
    "last chance ever",
]
DEFAULT_LEGAL_PHRASES = [
    "legal action",
    "legal proceedings",
    "collection agency",
    "collections agency",
    "debt collector",
    "court",
    "attorney",
    "solicitor",
    "litigation",
    "lawsuit",
]
DEFAULT_FOOTER = "If you have already arranged payment, thank you, and please disregard this message."


class BulkApprovePolicy(BaseModel):
    """Which drafts a collector may approve in bulk without opening each one."""

    model_config = ConfigDict(extra="forbid")

    max_tier: Literal["pre_due", "T1", "T2", "T3"] = "T2"
    # Clean template reminders score about 0.75-0.85 (docs/confidence.md); one whose account has inbound
    # customer text scores lower, so a person reads that customer's words before anything is sent.
    min_confidence: float = Field(default=0.75, ge=0, le=1)
    actions: list[str] = Field(default_factory=lambda: ["send_reminder"])


class Rules(BaseModel):
    """The full rule set in force. Scenario `rules` keys override these per customer."""

    model_config = ConfigDict(extra="forbid")

    cadence: list[CadenceStep] = Field(default_factory=lambda: list(DEFAULT_CADENCE))
    pre_due_window_days: tuple[int, int] = (7, 3)
    pre_due_late_probability: float = Field(default=0.5, ge=0, le=1)
    min_days_between_contacts: int = Field(default=5, ge=0, le=60)
    max_contacts_per_week: int = Field(default=2, ge=1, le=14)
    manager_approval_balance_over: Decimal = Decimal("50000.00")
    manager_approval_tiers: list[str] = Field(default_factory=lambda: ["T4", "T5"])
    manager_approval_segments: list[str] = Field(default_factory=lambda: ["government"])
    payment_plan_max_installments: int = Field(default=3, ge=2, le=24)
    payment_plan_min_first_payment_pct: Decimal = Decimal("25")
    payment_plan_max_term_days: int = Field(default=90, ge=14, le=730)
    payment_plan_offer_balance_over: Decimal | None = None
    final_notice_deadline_days: int = Field(default=10, ge=3, le=60)
    formal_demand_deadline_days: int = Field(default=7, ge=3, le=30)
    call_task_segments: list[str] = Field(default_factory=lambda: ["strategic"])
    broken_promises_escalate: int = Field(default=2, ge=1, le=10)
    legal_wording_from_tier: Literal["T3", "T4", "T5"] = "T4"
    fees_from_tier: Literal["T2", "T3", "T4", "T5"] = "T3"
    forbidden_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_FORBIDDEN_PHRASES))
    legal_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_LEGAL_PHRASES))
    required_footer: str = DEFAULT_FOOTER
    quiet_hours_start: int = Field(default=20, ge=0, le=23)  # local hour from which no sends
    quiet_hours_end: int = Field(default=8, ge=0, le=23)  # local hour until which no sends
    no_weekend_sends: bool = True
    confidence_flag_below: float = Field(default=0.6, ge=0, le=1)
    bulk_approve: BulkApprovePolicy = Field(default_factory=BulkApprovePolicy)

    @field_validator("manager_approval_balance_over", "payment_plan_offer_balance_over", mode="before")
    @classmethod
    def _money(cls, value: Any) -> Any:
        if isinstance(value, float):
            return Decimal(str(value))
        return value

    @field_validator("pre_due_window_days")
    @classmethod
    def _window(cls, value: tuple[int, int]) -> tuple[int, int]:
        earliest, latest = value
        if not (1 <= latest <= earliest <= 30):
            raise ValueError("pre_due_window_days must be [earliest, latest] with 30 >= earliest >= latest >= 1")
        return value

    @field_validator("payment_plan_min_first_payment_pct")
    @classmethod
    def _pct(cls, value: Decimal) -> Decimal:
        if not (Decimal(0) < value <= Decimal(100)):
            raise ValueError("payment_plan_min_first_payment_pct must be between 0 and 100")
        return value

    @model_validator(mode="after")
    def _cadence_contiguous(self) -> Rules:
        steps = self.cadence
        if [s.tier for s in steps] != ["T1", "T2", "T3", "T4", "T5"]:
            raise ValueError("cadence must list T1, T2, T3, T4, T5 in order")
        for earlier, later in zip(steps, steps[1:], strict=False):
            if earlier.to_day is None or later.from_day != earlier.to_day + 1:
                raise ValueError(
                    f"cadence gap or overlap between {earlier.tier} and {later.tier}: "
                    f"{earlier.tier} ends on day {earlier.to_day}, {later.tier} starts on day {later.from_day}"
                )
            if earlier.to_day < earlier.from_day:
                raise ValueError(f"{earlier.tier} ends before it starts")
        if steps[0].from_day != 1:
            raise ValueError("T1 must start on day 1 after the due date")
        if steps[-1].to_day is not None:
            raise ValueError("T5 must be open-ended (to_day null)")
        return self

    def tone_for(self, tier: str | None) -> str:
        """The cadence tone for a tier (pre-due courtesy reminders are friendly)."""
        for step in self.cadence:
            if step.tier == tier:
                return step.tone
        return "friendly" if tier == "pre_due" else "neutral"


class RuleValidationError(ValueError):
    """A rule change that does not validate, with each field's problem."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def validate_rules(data: dict[str, Any]) -> Rules:
    """Validate a full rule set, naming each bad field."""
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        raise RuleValidationError(
            [f"{'.'.join(str(p) for p in e['loc']) or 'rules'}: {e['msg']}" for e in exc.errors()]
        ) from exc


def default_rules() -> Rules:
    """The rules a fresh database starts with."""
    return Rules()


def active_rule_set(session: Session) -> tuple[int, Rules]:
    """The highest rule-set version and its rules (defaults when none is stored)."""
    row = session.scalars(select(RuleSet).order_by(RuleSet.version.desc()).limit(1)).first()
    if row is None:
        return 0, default_rules()
    return row.version, Rules.model_validate(row.rules)


def rules_for_customer(session: Session, *, customer_id: int) -> tuple[int, Rules]:
    """The active rules with the customer's own overrides merged over them."""
    version, rules = active_rule_set(session)
    overrides = session.get(Customer, customer_id)
    if overrides is None or not overrides.rule_overrides:
        return version, rules
    merged = rules.model_dump(mode="json") | overrides.rule_overrides
    return version, validate_rules(merged)


def save_rule_set(session: Session, *, rules: dict[str, Any], actor: str, note: str | None = None) -> int:
    """Validate and store a new rule-set version; audited. Returns the new version."""
    validated = validate_rules(rules)
    previous_version, previous = active_rule_set(session)
    version = previous_version + 1
    payload = validated.model_dump(mode="json")
    session.add(RuleSet(version=version, rules=payload, created_by=actor, note=note))
    before = previous.model_dump(mode="json")
    changed = {k: {"from": before.get(k), "to": v} for k, v in payload.items() if before.get(k) != v}
    record_event(
        session,
        actor=actor,
        action="rules.changed",
        entity_type="rule_set",
        entity_id=str(version),
        detail={"changes": changed, "note": note},
    )
    session.flush()
    return version
