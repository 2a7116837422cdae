"""What should happen next for one account: the decision table of docs/collections-policy.md.

A pure function of the account snapshot, the rules, the as-of time and the risk estimate, so it is
easy to test and to explain. The first matching step wins.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from agent.checks.approval import manager_approval_reasons
from agent.drafters.base import PaymentPlan
from agent.payment_plan import compute_payment_plan
from tools.accounts import AccountSnapshot, ContactValue
from tools.ledger import InvoiceBalance
from tools.rules import Rules

CUSTOMER_FACING = {"send_reminder", "offer_payment_plan", "final_notice"}
CONTACT_CHANNELS = {"email", "letter", "sms", "phone"}
# Notes to colleagues have a register of their own, whatever the tier.
INTERNAL_TONE = {"offer_payment_plan": "neutral", "call_task": "neutral", "route_dispute": "neutral",
                 "escalate_to_manager": "formal", "write_off_review": "formal"}
# Inbound wording that asks for instalments. Customer text is data: it can only ever make us offer
# the plan the rules compute, never change its terms.
PLAN_REQUEST = re.compile(
    r"\b(instal+ments?|payment plan|split (it|the|this|payment)|spread (it|the|this|payments?)|"
    r"monthly payments|pay (it )?in (parts|stages|two|three|3|2)|partial payments over)\b",
    re.IGNORECASE,
)
PLAN_REQUEST_LOOKBACK_DAYS = 60


class Plan(BaseModel):
    """The planner's decision and everything the drafter and checker need from it."""

    action: str
    tier: str | None = None
    tone: str = "neutral"
    channel: str | None = None
    recipient: ContactValue | None = None
    internal_recipient: str | None = None
    invoices: list[InvoiceBalance] = Field(default_factory=list)  # demanded (undisputed, overdue or pre-due)
    disputed_invoices: list[InvoiceBalance] = Field(default_factory=list)
    total_due: Decimal = Decimal("0.00")
    currency: str = "USD"
    payment_plan: PaymentPlan | None = None
    deadline: dt.date | None = None
    deadline_days: int | None = None
    skip_reason: str | None = None
    reason: str = ""
    approval_reasons: list[str] = Field(default_factory=list)
    broken_promises: int = 0

    @property
    def needs_manager_approval(self) -> bool:
        return bool(self.approval_reasons)


def local_today(as_of: dt.datetime, timezone: str) -> dt.date:
    """The as-of date in the customer's time zone."""
    return as_of.astimezone(ZoneInfo(timezone)).date()


def tier_for(days_past_due: int, rules: Rules) -> str | None:
    """The cadence tier for a number of days past due (None when not yet due)."""
    for step in rules.cadence:
        if days_past_due >= step.from_day and (step.to_day is None or days_past_due <= step.to_day):
            return step.tier
    return None


def choose_recipient(contacts: list[ContactValue]) -> ContactValue | None:
    """Primary contact with an email who has not opted out, else billing, then AP, then anyone."""
    reachable = [c for c in contacts if c.email and not c.opted_out]
    for wanted in (lambda c: c.is_primary, lambda c: c.role == "billing", lambda c: c.role == "ap", lambda c: True):
        for contact in reachable:
            if wanted(contact):
                return contact
    return None


def broken_promise_count(account: AccountSnapshot, today: dt.date) -> int:
    """Promises marked broken, plus pending ones whose date passed (a day's grace for bank transfers)."""
    return sum(
        1
        for p in account.promises
        if p.status == "broken" or (p.status == "pending" and p.promised_date < today - dt.timedelta(days=1))
    )


def customer_asked_for_plan(account: AccountSnapshot, as_of: dt.datetime) -> bool:
    """Whether a recent inbound message asks to pay in instalments."""
    since = as_of - dt.timedelta(days=PLAN_REQUEST_LOOKBACK_DAYS)
    return any(
        c.direction == "inbound" and since <= c.at <= as_of and PLAN_REQUEST.search(f"{c.subject or ''} {c.body}")
        for c in account.communications
    )


def plan_next_action(
    account: AccountSnapshot,
    *,
    rules: Rules,
    as_of: dt.datetime,
    late_probability: dict[str, float] | None = None,
) -> Plan:
    """Decide the next action for an account (see docs/collections-policy.md)."""
    late_probability = late_probability or {}
    customer = account.customer
    today = local_today(as_of, customer.timezone)
    open_invoices = account.open_invoices()
    currency = open_invoices[0].currency if open_invoices else "USD"

    def skip(reason: str) -> Plan:
        return Plan(action="no_action", skip_reason=reason, reason=reason, currency=currency)

    if customer.automation_excluded:
        return skip("account excluded from automation")
    if not open_invoices:
        return skip("nothing owed: every invoice is paid or credited")

    disputed_numbers = account.open_dispute_invoices()
    overdue = [i for i in open_invoices if i.days_past_due(today) >= 1]
    disputed = [i for i in open_invoices if i.number in disputed_numbers]
    demandable = [i for i in overdue if i.number not in disputed_numbers]

    if not overdue:
        earliest, latest = rules.pre_due_window_days
        upcoming = [
            i for i in open_invoices
            if latest <= -i.days_past_due(today) <= earliest and i.number not in disputed_numbers
            and late_probability.get(i.number, 0.0) >= rules.pre_due_late_probability
        ]
        if not upcoming:
            return skip("nothing overdue")
        return _finish(account, rules, today, as_of, Plan(
            action="send_reminder", tier="pre_due", invoices=upcoming, disputed_invoices=disputed,
            reason="invoice due soon from a customer the risk model predicts will pay late",
        ))

    if not demandable:
        owners = sorted({d.owner_email for d in account.disputes if d.status == "open" and d.owner_email})
        return _finish(account, rules, today, as_of, Plan(
            action="route_dispute", tier=None, disputed_invoices=disputed,
            internal_recipient=owners[0] if owners else customer.owner_email,
            reason="every overdue invoice is under an open dispute: route it to the dispute owner, do not chase",
        ))

    demanded_numbers = {i.number for i in demandable}
    for promise in account.promises:
        covers = not promise.invoice_numbers or demanded_numbers & set(promise.invoice_numbers)
        if promise.status == "pending" and promise.promised_date >= today and covers:
            return skip(f"promise to pay {promise.amount:,.2f} pending until {promise.promised_date.isoformat()}")

    oldest = max(demandable, key=lambda i: i.days_past_due(today))
    days = oldest.days_past_due(today)
    tier = tier_for(days, rules)
    broken = broken_promise_count(account, today)
    strategic = customer.segment in rules.call_task_segments
    base = Plan(action="send_reminder", tier=tier, invoices=demandable, disputed_invoices=disputed,
                broken_promises=broken)

    # Internal steps come before the contact rules: nobody outside is contacted, so neither a
    # recent reminder nor an opt-out should stop a write-off review or an escalation.
    if tier == "T5":
        base.action, base.internal_recipient = "write_off_review", customer.owner_email
        base.reason = f"{days} days past due: prepare a write-off or agency review"
        return _finish(account, rules, today, as_of, base)
    if tier == "T4" and strategic:
        base.action, base.internal_recipient = "escalate_to_manager", customer.owner_email
        base.reason = "strategic account at final-notice stage: a manager decides how to proceed"
        return _finish(account, rules, today, as_of, base)
    if tier == "T3" and broken >= rules.broken_promises_escalate and not strategic:
        base.action, base.internal_recipient = "escalate_to_manager", customer.owner_email
        base.reason = f"{broken} broken promises to pay: a manager decides the next step"
        return _finish(account, rules, today, as_of, base)

    outbound = [c.at for c in account.communications
                if c.direction == "outbound" and c.channel in CONTACT_CHANNELS and c.at <= as_of]
    if outbound:
        last = max(outbound)
        if as_of - last < dt.timedelta(days=rules.min_days_between_contacts):
            return skip(
                f"contacted too recently: last contact {last.date().isoformat()}, "
                f"minimum gap {rules.min_days_between_contacts} days"
            )
        week = [t for t in outbound if as_of - t < dt.timedelta(days=7)]
        if len(week) >= rules.max_contacts_per_week:
            return skip(f"contacted too recently: {len(week)} contacts in the last 7 days")

    if strategic and tier in ("T2", "T3"):
        base.action, base.internal_recipient = "call_task", customer.owner_email
        base.reason = "strategic account: the owner calls instead of an automated email"
        return _finish(account, rules, today, as_of, base)

    if choose_recipient(account.contacts) is None:
        if any(c.email for c in account.contacts):
            return skip("all contacts opted out: find another route to the customer")
        return skip("no contact with an email address")

    if tier == "T4":
        base.action = "final_notice"
        base.deadline = today + dt.timedelta(days=rules.final_notice_deadline_days)
        base.deadline_days = rules.final_notice_deadline_days
        base.reason = f"{days} days past due after earlier reminders: final notice"
    elif tier in ("T2", "T3") and _plan_wanted(account, rules, as_of, tier, demandable):
        base.action = "offer_payment_plan"
        base.reason = "the customer asked to pay in instalments and the contract allows plans"
    else:
        base.reason = f"oldest undisputed invoice {oldest.number} is {days} days past due"
        if tier == "T3":
            # A formal demand names the date by which payment is expected.
            base.deadline = today + dt.timedelta(days=rules.formal_demand_deadline_days)
            base.deadline_days = rules.formal_demand_deadline_days
    return _finish(account, rules, today, as_of, base)


def _plan_wanted(
    account: AccountSnapshot, rules: Rules, as_of: dt.datetime, tier: str, demandable: list[InvoiceBalance]
) -> bool:
    if account.contract is not None and not account.contract.payment_plans_allowed:
        return False
    if customer_asked_for_plan(account, as_of):
        return True
    threshold = rules.payment_plan_offer_balance_over
    total = sum((i.balance for i in demandable), Decimal("0"))
    return tier == "T3" and threshold is not None and total > threshold


def _finish(account: AccountSnapshot, rules: Rules, today: dt.date, as_of: dt.datetime, plan: Plan) -> Plan:
    """Fill in what follows from the action: recipient, channel, tone, totals, plan, approval."""
    customer_facing = plan.action in CUSTOMER_FACING
    plan.currency = (plan.invoices or plan.disputed_invoices or account.open_invoices())[0].currency
    plan.total_due = sum((i.balance for i in plan.invoices), Decimal("0.00"))
    if customer_facing:
        plan.recipient = choose_recipient(account.contacts)
        plan.channel = "email"
    else:
        plan.channel = "phone" if plan.action == "call_task" else "internal"
    plan.tone = INTERNAL_TONE.get(plan.action) or rules.tone_for(plan.tier)
    if plan.action == "offer_payment_plan":
        plan.payment_plan = compute_payment_plan(plan.total_due, start=today, rules=rules, currency=plan.currency)
    plan.approval_reasons = manager_approval_reasons(
        action=plan.action, tier=plan.tier, segment=account.customer.segment,
        open_balance_total=account.total_open_balance(), customer_facing=customer_facing,
        plan_within_limits=True, rules=rules,
    )
    return plan
