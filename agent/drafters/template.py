"""The template drafter: deterministic messages from prompts/messages/, no model needed."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, field_validator

from agent.drafters.base import DraftRequest, DraftResult
from agent.facts import Fact
from prompts.environment import render

# (action, tier) → template for customer-facing messages; anything else is a planning error.
CUSTOMER_TEMPLATES: dict[tuple[str, str], str] = {
    ("send_reminder", "pre_due"): "messages/reminder_pre_due.md.j2",
    ("send_reminder", "T1"): "messages/reminder_t1.md.j2",
    ("send_reminder", "T2"): "messages/reminder_t2.md.j2",
    ("send_reminder", "T3"): "messages/reminder_t3.md.j2",
    ("offer_payment_plan", "T2"): "messages/payment_plan_t2.md.j2",
    ("offer_payment_plan", "T3"): "messages/payment_plan_t3.md.j2",
    ("final_notice", "T4"): "messages/final_notice.md.j2",
    ("final_notice", "T5"): "messages/final_notice.md.j2",
}
# Internal notes read the same at every tier; the tier is a variable inside them.
INTERNAL_TEMPLATES: dict[str, str] = {
    "call_task": "messages/call_task.md.j2",
    "route_dispute": "messages/route_dispute.md.j2",
    "escalate_to_manager": "messages/escalate_to_manager.md.j2",
    "write_off_review": "messages/write_off_review.md.j2",
}
DEADLINE_TEMPLATES = frozenset({"messages/reminder_t3.md.j2", "messages/final_notice.md.j2"})
BEHAVIOUR_KINDS = ("history", "payment", "credit_note", "risk")


class Attempt(BaseModel):
    """`extra["attempts"]` / `extra["responses"]` item: one outbound or inbound contact."""

    at: dt.datetime | dt.date
    channel: str
    subject: str

    @field_validator("subject")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return _table_cell(value)


class DisputeNote(BaseModel):
    """`extra["disputes"]` item."""

    invoice: str
    reason: str
    status: str
    owner: str | None = None
    opened: dt.date

    @field_validator("reason")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return _table_cell(value)


class PromiseNote(BaseModel):
    """`extra["promises"]` item."""

    amount: Decimal
    promised_date: dt.date
    status: str


def _table_cell(text: str) -> str:
    """One line with no pipes: free text goes into a table row and must not start a fake row or section."""
    return " ".join(text.replace("|", "/").split())


def template_for(request: DraftRequest) -> str:
    """The template that drafts this request; ValueError for no_action or an unplanned combination."""
    if request.action == "no_action":
        raise ValueError("no_action has nothing to draft; the drafter must not be called for it")
    if request.action in INTERNAL_TEMPLATES:
        return INTERNAL_TEMPLATES[request.action]
    try:
        return CUSTOMER_TEMPLATES[(request.action, request.tier or "")]
    except KeyError:
        raise ValueError(f"no template for {request.action} at tier {request.tier}") from None


def is_internal(request: DraftRequest) -> bool:
    """Whether the draft is an internal note rather than a message to the customer."""
    return request.action in INTERNAL_TEMPLATES


def customer_variables(request: DraftRequest) -> dict[str, Any]:
    """What a customer-facing template may see: no facts, no disputed invoices, no customer text."""
    return {
        "action": request.action,
        "tier": request.tier,
        "customer_name": request.customer_name,
        "recipient_name": request.recipient_name,
        "invoices": request.invoices,
        "total_due": request.total_due,
        "currency": request.currency,
        # Only the templates that show a plan or a deadline get one, so citations follow the text.
        "payment_plan": request.payment_plan if request.action == "offer_payment_plan" else None,
        "plan_requested": bool(request.extra.get("plan_requested", True)),
        "deadline": request.deadline if template_for(request) in DEADLINE_TEMPLATES else None,
        "next_step": _sentence(request.extra.get("next_step")),
        "fee_clause": _fee_clause(request),
        "has_queried_invoices": bool(request.disputed_invoices),
        "payment_instructions": request.payment_instructions.strip(),
        "required_footer": request.required_footer.strip(),
        "sender_name": request.sender_name,
        "company_name": request.company_name,
    }


def internal_variables(request: DraftRequest) -> dict[str, Any]:
    """What an internal note may see: the account, trusted facts by kind, and the extra material."""
    trusted = [fact for fact in request.facts if not fact.untrusted]
    # route_dispute may arrive with the disputed invoices in either list; both mean "on hold".
    on_hold = request.disputed_invoices or (request.invoices if request.action == "route_dispute" else [])
    chasing = request.invoices if request.disputed_invoices or request.action != "route_dispute" else []
    return {
        "action": request.action,
        "tier": request.tier,
        "customer_name": request.customer_name,
        "customer_external_id": request.customer_external_id,
        "segment": request.segment,
        "owner_email": request.owner_email,
        "recipient_name": request.recipient_name,
        "recipient_email": request.recipient_email,
        "invoices": chasing,
        "disputed_invoices": on_hold,
        "total_due": request.total_due,
        "currency": request.currency,
        "fee_clause": _fee_clause(request),
        "legal_wording_allowed": request.legal_wording_allowed,
        "reason": str(request.extra.get("reason") or "").strip(),
        "internal_recipient": request.extra.get("internal_recipient") or request.owner_email,
        "contact_phone": request.extra.get("contact_phone"),
        "contact_facts": _of_kind(trusted, "contact"),
        "behaviour_facts": _of_kind(trusted, *BEHAVIOUR_KINDS),
        "promise_facts": _of_kind(trusted, "promise"),
        "dispute_facts": _of_kind(trusted, "dispute"),
        "communication_facts": _of_kind(trusted, "communication"),
        # Inbound text is listed by id and source only; a note never repeats what a customer wrote.
        "customer_messages": [f for f in request.facts if f.untrusted and f.kind == "communication"],
        "disputes": [DisputeNote.model_validate(d) for d in request.extra.get("disputes", [])],
        "attempts": [Attempt.model_validate(a) for a in request.extra.get("attempts", [])],
        "responses": [Attempt.model_validate(r) for r in request.extra.get("responses", [])],
        "promises": [PromiseNote.model_validate(p) for p in request.extra.get("promises", [])],
        "company_name": request.company_name,
    }


class TemplateDrafter:
    """Drafts every action from a Jinja2 template; the same request always gives the same text."""

    def __init__(self, name: str = "template") -> None:
        self.name = name

    def draft(self, request: DraftRequest) -> DraftResult:
        """Render the action's template and cite the facts it used."""
        template = template_for(request)
        notes: list[str] = []
        if is_internal(request):
            variables = internal_variables(request)
            if request.action in {"escalate_to_manager", "write_off_review"} and not variables["reason"]:
                notes.append(f"{request.action} without extra['reason']; the note says none was recorded")
        else:
            _check_customer_request(request)
            variables = customer_variables(request)
        subject, body = split_message(render(template, **variables))
        return DraftResult(
            subject=subject,
            body=body,
            cited_facts=cited_facts(request, variables),
            drafter=self.name,
            model_confidence=None,
            notes=notes,
        )


def split_message(text: str) -> tuple[str, str]:
    """A rendered message template: line 1 is the subject, the body follows the blank line after it."""
    subject, _, body = text.strip().partition("\n")
    # Templates branch a lot; tidy the whitespace here rather than in every {% if %}.
    lines = [line.rstrip() for line in body.strip("\n").splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not subject.strip() or not body:
        raise ValueError("a message template must render a subject line, a blank line and a body")
    return subject.strip(), body + "\n"


def cited_facts(request: DraftRequest, variables: dict[str, Any]) -> list[str]:
    """Ids of the facts the rendered message relies on, in a stable order."""
    known = {fact.id for fact in request.facts}
    shown = variables["invoices"] + (variables["disputed_invoices"] if is_internal(request) else [])
    ids: list[str] = [line.fact_id for line in shown]
    if request.total_fact_id and variables["invoices"]:
        ids.append(request.total_fact_id)
    if is_internal(request):
        ids += _internal_fact_ids(request, variables)
    else:
        ids += [fact.id for fact in _recipient_contacts(request)]
        if variables["payment_plan"] is not None:
            ids += [fact.id for fact in _of_kind(request.facts, "plan")]
        if variables["deadline"] is not None:
            ids += [fact.id for fact in _of_kind(request.facts, "deadline")]
    if variables["fee_clause"]:
        ids += [fact.id for fact in _of_kind(request.facts, "contract")]
    # Invoice lines carry their own fact ids; cite only those the request's facts list backs.
    return [fact_id for fact_id in dict.fromkeys(ids) if fact_id in known]


def _internal_fact_ids(request: DraftRequest, variables: dict[str, Any]) -> list[str]:
    """The fact ids behind the sections each internal note renders."""
    facts: list[Fact] = []
    if request.action == "write_off_review":
        if variables["attempts"] or variables["responses"]:
            facts += _of_kind(request.facts, "communication")
        facts += variables["promise_facts"] if variables["promises"] else []
        facts += variables["dispute_facts"] if variables["disputes"] else []
    elif request.action == "route_dispute":
        # extra["disputes"] is read from the same dispute rows, so their facts back it either way.
        facts += variables["dispute_facts"] + variables["contact_facts"]
    else:  # call_task and escalate_to_manager
        if request.action == "call_task":
            facts += variables["contact_facts"] + variables["behaviour_facts"]
        facts += variables["promise_facts"] + variables["communication_facts"]
        facts += variables["customer_messages"]
    return [fact.id for fact in facts]


def _check_customer_request(request: DraftRequest) -> None:
    if not request.invoices:
        raise ValueError(f"{request.action} needs at least one invoice to ask about")
    disputed = {line.number for line in request.disputed_invoices}
    demanded = {line.number for line in request.invoices}
    if disputed & demanded:
        raise ValueError(f"disputed invoices must not be demanded: {', '.join(sorted(disputed & demanded))}")
    if request.action == "offer_payment_plan" and request.payment_plan is None:
        raise ValueError("offer_payment_plan needs request.payment_plan")
    if request.action == "final_notice" and request.deadline is None:
        raise ValueError("final_notice needs request.deadline")


def _sentence(value: Any) -> str | None:
    """The planner's next-step text as a sentence ending in a full stop, or None when there is none."""
    text = str(value or "").strip()
    if not text:
        return None
    return text if text.endswith((".", "?")) else f"{text}."


def _fee_clause(request: DraftRequest) -> str | None:
    clause = (request.late_fee_clause or "").strip()
    return clause if clause and request.fees_allowed else None


def _of_kind(facts: list[Fact], *kinds: str) -> list[Fact]:
    return [fact for fact in facts if fact.kind in kinds]


def _recipient_contacts(request: DraftRequest) -> list[Fact]:
    """The contact facts behind the greeting (matched on the recipient's email, else name)."""
    if not request.recipient_name:
        return []
    needles = [n.casefold() for n in (request.recipient_email, request.recipient_name) if n]
    return [
        fact
        for fact in _of_kind(request.facts, "contact")
        if not fact.untrusted
        and any(n in fact.text.casefold() or n in str(fact.values).casefold() for n in needles)
    ]
