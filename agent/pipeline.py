"""The steps of one account's flow as plain functions, so the graph nodes stay thin and the manager's
dry run can replay them with other rules without touching anything."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.checks.base import CheckInput, CheckResult, ContactInfo
from agent.checks.runner import run_checks
from agent.confidence import ConfidenceInput, score_confidence
from agent.context import AgentContext
from agent.context_pack import FactBook, build_ledger_facts
from agent.drafters.base import DraftRequest, DraftResult, InvoiceLine
from agent.facts import Fact
from agent.planning import CONTACT_CHANNELS, CUSTOMER_FACING, Plan, local_today, plan_next_action
from agent.risk import RiskEstimate
from prompts.environment import money
from tools.accounts import AccountSnapshot, load_account
from tools.embeddings import Embedder
from tools.models import Draft
from tools.rules import Rules, rules_for_customer, validate_rules
from tools.search import similar_communications

SIMILAR_LIMIT = 3


class Prepared(BaseModel):
    """Everything the flow knows about an account up to a scored draft (nothing saved)."""

    account: AccountSnapshot
    rules: Rules
    rule_set_version: int
    facts: list[Fact]
    risk: RiskEstimate
    plan: Plan
    draft: DraftResult | None = None
    checks: list[CheckResult] = []
    confidence: float = 0.0
    confidence_reasons: list[str] = []


def gather(
    session: Session, *, customer_id: int, as_of: dt.datetime, embedder: Embedder | None,
    rules_override: dict[str, Any] | None = None,
) -> tuple[AccountSnapshot, int, Rules, list[Fact]]:
    """Read the account and its rules, and build the ledger part of the context pack."""
    account = load_account(session, customer_id=customer_id)
    if rules_override is not None:
        version, rules = -1, validate_rules(rules_override | dict(account.rule_overrides))
    else:
        version, rules = rules_for_customer(session, customer_id=customer_id)
    today = local_today(as_of, account.customer.timezone)
    similar = []
    if embedder is not None:
        situation = _situation_text(account, today)
        recent_ids = [c.id for c in account.communications[-6:]]
        similar = similar_communications(session, embedder=embedder, text=situation, limit=SIMILAR_LIMIT,
                                         customer_id=customer_id, exclude_ids=recent_ids)
    return account, version, rules, build_ledger_facts(account, today=today, similar=similar)


def _situation_text(account: AccountSnapshot, today: dt.date) -> str:
    inbound = [c for c in account.communications if c.direction == "inbound"]
    if inbound:
        return f"{inbound[-1].subject or ''} {inbound[-1].body}"
    overdue = [i for i in account.open_invoices() if i.days_past_due(today) > 0]
    return "overdue invoice reminder " + " ".join(i.number for i in overdue)


def add_risk_facts(facts: list[Fact], risk: RiskEstimate, source: str) -> list[Fact]:
    """The risk estimate and its explanations, as facts."""
    book = FactBook(facts)
    book.add("risk", f"Late-payment risk {risk.customer_probability:.0%} (model {risk.model_version}); priority "
             f"{risk.priority:,.2f}; " + "; ".join(risk.explanations), source,
             probability=risk.customer_probability, priority=str(risk.priority))
    return book.facts


def add_plan_facts(facts: list[Fact], plan: Plan, account: AccountSnapshot) -> list[Fact]:
    """Facts the plan introduces: the total demanded, a computed payment plan, a final-notice deadline."""
    book = FactBook(facts)
    source = f"customer:{account.customer.external_id}"
    if plan.invoices:
        numbers = [i.number for i in plan.invoices]
        book.add("total", f"Total demanded {money(plan.total_due)} {plan.currency} over {', '.join(numbers)} "
                 "(undisputed, open)", source, amount=str(plan.total_due), currency=plan.currency,
                 invoice_numbers=numbers)
    if plan.payment_plan:
        rows = "; ".join(f"{i.due_date.isoformat()} {money(i.amount)}" for i in plan.payment_plan.installments)
        first_pct = (plan.payment_plan.installments[0].amount * 100 / plan.payment_plan.total).quantize(Decimal("0.1"))
        book.add("plan", f"Payment plan computed from the rules: {len(plan.payment_plan.installments)} instalments "
                 f"({rows}), total {money(plan.payment_plan.total)} {plan.currency}", "rule_set:payment_plan",
                 installments=[{"due_date": i.due_date.isoformat(), "amount": str(i.amount)}
                               for i in plan.payment_plan.installments],
                 total=str(plan.payment_plan.total), currency=plan.currency,
                 count=len(plan.payment_plan.installments), first_payment_pct=str(first_pct))
    if plan.deadline:
        rule = "final_notice_deadline_days" if plan.action == "final_notice" else "formal_demand_deadline_days"
        book.add("deadline", f"Payment deadline {plan.deadline.isoformat()} ({plan.deadline_days} days)",
                 f"rule_set:{rule}", date=plan.deadline.isoformat(), days=plan.deadline_days)
    return book.facts


def _line(invoice: Any, facts: list[Fact], today: dt.date) -> InvoiceLine:
    fact_id = next((f.id for f in facts if f.kind == "invoice" and f.values.get("number") == invoice.number), "")
    return InvoiceLine(number=invoice.number, issue_date=invoice.issue_date, due_date=invoice.due_date,
                       amount=invoice.amount, balance=invoice.balance, currency=invoice.currency,
                       days_past_due=invoice.days_past_due(today), po_number=invoice.po_number, fact_id=fact_id)


def make_request(
    prepared: Prepared, *, as_of: dt.datetime, ctx: AgentContext | None = None,
    company_name: str = "OurCo", sender_name: str = "Accounts Receivable", payment_instructions: str = "",
) -> DraftRequest:
    """The drafter's input: the plan and the facts, nothing else."""
    if ctx is not None:
        company_name, sender_name, payment_instructions = ctx.company_name, ctx.sender_name, ctx.payment_instructions
    account, plan, facts, rules = prepared.account, prepared.plan, prepared.facts, prepared.rules
    today = local_today(as_of, account.customer.timezone)
    total_fact = next((f.id for f in facts if f.kind == "total"), None)
    clause = None
    if account.contract and account.contract.late_fee_type and account.contract.late_fee_value is not None:
        clause = late_fee_clause(account.contract.late_fee_type, account.contract.late_fee_value, plan.currency)
    settled = [i for i in account.invoices if i.balance == 0]
    # Only communications in the context pack may be listed: anything else would be an unsupported claim.
    in_pack = {f.source for f in facts if f.kind == "communication"}
    history = [c for c in account.communications if f"communication:{c.id}" in in_pack]
    return DraftRequest(
        action=plan.action, tier=plan.tier, tone=plan.tone, channel=plan.channel,
        customer_name=account.customer.name, customer_external_id=account.customer.external_id,
        segment=account.customer.segment, recipient_email=plan.recipient.email if plan.recipient else None,
        recipient_name=plan.recipient.name if plan.recipient else _first_contact_name(account),
        owner_email=account.customer.owner_email,
        invoices=[_line(i, facts, today) for i in plan.invoices],
        disputed_invoices=[_line(i, facts, today) for i in plan.disputed_invoices],
        total_due=plan.total_due, currency=plan.currency, total_fact_id=total_fact,
        payment_plan=plan.payment_plan, deadline=plan.deadline, late_fee_clause=clause,
        fees_from_tier=rules.fees_from_tier, legal_wording_from_tier=rules.legal_wording_from_tier,
        facts=facts, as_of=as_of,
        company_name=company_name, sender_name=sender_name, payment_instructions=payment_instructions,
        required_footer=rules.required_footer if plan.action in CUSTOMER_FACING else "",
        extra={
            "reason": plan.reason,
            "attempts": [{"at": c.at.date().isoformat(), "channel": c.channel, "subject": c.subject or ""}
                         for c in history if c.direction == "outbound"],
            "responses": [{"at": c.at.date().isoformat(), "channel": c.channel, "subject": c.subject or ""}
                          for c in history if c.direction == "inbound"],
            "disputes": [{"invoice": d.invoice, "reason": d.reason, "status": d.status, "owner": d.owner_email,
                          "opened": d.opened_on.isoformat()} for d in account.disputes],
            "promises": [{"amount": str(p.amount), "promised_date": p.promised_date.isoformat(), "status": p.status}
                         for p in account.promises],
            "contact_phone": next((c.phone for c in account.contacts if c.phone and not c.opted_out), None),
            "broken_promises": plan.broken_promises,
            "settled_invoices": len(settled),
            "internal_recipient": plan.internal_recipient,
        },
    )


def late_fee_clause(fee_type: str, value: Decimal, currency: str) -> str:
    """The contract's late-fee clause as a message may quote it: "1.5% per month" or "50.00 USD flat"."""
    if fee_type == "percent_per_month":
        return f"{value.normalize():f}% per month"
    return f"{money(value)} {currency} flat"


def _first_contact_name(account: AccountSnapshot) -> str | None:
    return next((c.name for c in account.contacts if c.name and not c.opted_out), None)


def check_input(
    prepared: Prepared, request: DraftRequest, *, subject: str, body: str, as_of: dt.datetime,
    manager_approved: bool = False,
) -> CheckInput:
    """The checker's input for a (possibly edited) message."""
    account, plan = prepared.account, prepared.plan
    return CheckInput(
        request=request, subject=subject, body=body,
        recipient=plan.recipient.email if plan.recipient and plan.action in CUSTOMER_FACING else None,
        rules=prepared.rules,
        contacts=[ContactInfo(name=c.name, email=c.email, opted_out=c.opted_out) for c in account.contacts],
        outbound_contact_times=[c.at for c in account.communications
                                if c.direction == "outbound" and c.channel in CONTACT_CHANNELS and c.at <= as_of],
        customer_timezone=account.customer.timezone, open_balance_total=account.total_open_balance(),
        send_at=as_of, manager_approved=manager_approved,
    )


def novelty(session: Session, embedder: Embedder | None, *, action: str, tier: str | None, body: str) -> float | None:
    """Cosine distance from this draft to the nearest recently approved draft of the same action and tier."""
    if embedder is None:
        return None
    bodies = list(session.scalars(
        select(Draft.body).where(Draft.action == action, Draft.tier == tier, Draft.status == "sent")
        .order_by(Draft.id.desc()).limit(10)
    ))
    if not bodies:
        return None
    vectors = embedder.embed([body, *bodies])
    mine = vectors[0]
    return round(min(1.0 - sum(a * b for a, b in zip(mine, other, strict=True)) for other in vectors[1:]), 3)


def confidence_for(
    prepared: Prepared, draft: DraftResult, checks: list[CheckResult], *, as_of: dt.datetime,
    novelty_value: float | None,
) -> tuple[float, list[str]]:
    """Score the draft (see docs/confidence.md)."""
    account = prepared.account
    recipient = prepared.plan.recipient
    dates = [c.at.date() for c in account.communications] + [p.received_on for p in account.payments] + [
        i.issue_date for i in account.invoices]
    newest = max(dates) if dates else None
    local = as_of.astimezone(ZoneInfo(account.customer.timezone)).date()
    completeness = {
        "contact_name": bool(recipient and recipient.name) or prepared.plan.action not in CUSTOMER_FACING,
        "contact_email": bool(recipient and recipient.email) or prepared.plan.action not in CUSTOMER_FACING,
        "payment_history": any(i.balance == 0 for i in account.invoices),
        "contract_terms": account.contract is not None,
        "po_numbers": all(i.po_number for i in prepared.plan.invoices) if prepared.plan.invoices else True,
    }
    return score_confidence(ConfidenceInput(
        checks=checks, drafter=draft.drafter, drafter_notes=draft.notes, model_confidence=draft.model_confidence,
        completeness=completeness, data_age_days=(local - newest).days if newest else None, novelty=novelty_value,
        action=prepared.plan.action, tier=prepared.plan.tier,
        has_untrusted_inbound=any(f.untrusted for f in prepared.facts),
    ))


def prepare(
    session: Session, ctx: AgentContext, *, customer_id: int, as_of: dt.datetime,
    rules_override: dict[str, Any] | None = None, draft_text: tuple[str, str] | None = None,
) -> Prepared:
    """Run gather → assess → plan → draft → check → confidence in memory, saving nothing (the dry run
    and the queue refresh pass `draft_text` to check an existing message instead of drafting anew)."""
    account, version, rules, facts = gather(session, customer_id=customer_id, as_of=as_of, embedder=ctx.embedder,
                                            rules_override=rules_override)
    risk = ctx.risk.estimate(session, account, as_of=as_of)
    facts = add_risk_facts(facts, risk, f"customer:{account.customer.external_id}")
    plan = plan_next_action(account, rules=rules, as_of=as_of, late_probability=risk.invoice_probability)
    facts = add_plan_facts(facts, plan, account)
    prepared = Prepared(account=account, rules=rules, rule_set_version=version, facts=facts, risk=risk, plan=plan)
    if plan.action == "no_action":
        return prepared
    request = make_request(prepared, as_of=as_of, ctx=ctx)
    if draft_text is not None:
        draft = DraftResult(subject=draft_text[0], body=draft_text[1], cited_facts=[], drafter="existing")
    else:
        draft = ctx.drafter.draft(request)
    checks = run_checks(check_input(prepared, request, subject=draft.subject, body=draft.body, as_of=as_of))
    score, reasons = confidence_for(prepared, draft, checks, as_of=as_of, novelty_value=None)
    return prepared.model_copy(update={"draft": draft, "checks": checks, "confidence": score,
                                       "confidence_reasons": reasons})
