"""The context pack: every fact the agent may use, each with an id, a readable text and its source row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agent.facts import Fact, FactKind
from prompts.environment import money
from tools.accounts import AccountSnapshot
from tools.search import SimilarCommunication

RECENT_COMMUNICATIONS = 6
RECENT_PAYMENTS = 5
UNTRUSTED_EXCERPT_CHARS = 600




class FactBook:
    """Hands out sequential fact ids (F1, F2, …) as facts are added."""

    def __init__(self, facts: list[Fact] | None = None) -> None:
        self.facts: list[Fact] = list(facts or [])

    def add(self, kind: FactKind, text: str, source: str, *, untrusted: bool = False, **values: Any) -> Fact:
        fact = Fact(id=f"F{len(self.facts) + 1}", kind=kind, text=text, source=source, values=values,
                    untrusted=untrusted)
        self.facts.append(fact)
        return fact


def build_ledger_facts(
    account: AccountSnapshot,
    *,
    today: dt.date,
    similar: list[SimilarCommunication] | None = None,
) -> list[Fact]:
    """Facts about the account as the ledger has it on `today` (the customer's local date)."""
    book = FactBook()
    c = account.customer
    book.add("customer", f"Customer {c.name} ({c.external_id}), segment {c.segment}, owner {c.owner_email or 'none'}, "
             f"time zone {c.timezone}", f"customer:{c.external_id}", name=c.name, segment=c.segment,
             owner=c.owner_email, timezone=c.timezone)
    if account.contract:
        k = account.contract
        if k.late_fee_type == "percent_per_month" and k.late_fee_value is not None:
            fee = f"late fee {k.late_fee_value.normalize():f}% per month"
        elif k.late_fee_type == "flat" and k.late_fee_value is not None:
            fee = f"late fee {money(k.late_fee_value)} flat per overdue invoice"
        else:
            fee = "no late-fee clause"
        book.add("contract", f"Contract: {k.payment_terms_days}-day terms, {fee}, payment plans "
                 f"{'allowed' if k.payment_plans_allowed else 'not allowed'}", f"contract:{c.external_id}",
                 payment_terms_days=k.payment_terms_days, late_fee_type=k.late_fee_type,
                 late_fee_value=f"{k.late_fee_value.normalize():f}" if k.late_fee_value is not None else None,
                 payment_plans_allowed=k.payment_plans_allowed)
    for contact in account.contacts:
        status = "OPTED OUT" if contact.opted_out else "reachable"
        book.add("contact", f"Contact {contact.name or '(no name)'} <{contact.email or 'no email'}>, {contact.role}"
                 f"{', primary' if contact.is_primary else ''}, {status}", f"contact:{contact.id}",
                 name=contact.name, email=contact.email, role=contact.role, opted_out=contact.opted_out,
                 phone=contact.phone)
    disputed = account.open_dispute_invoices()
    for inv in account.open_invoices():
        dpd = inv.days_past_due(today)
        when = f"{dpd} days past due" if dpd > 0 else ("due today" if dpd == 0 else f"due in {-dpd} days")
        book.add("invoice", f"{inv.number} issued {inv.issue_date.isoformat()}, due {inv.due_date.isoformat()}, "
                 f"amount {money(inv.amount)} {inv.currency}, balance {money(inv.balance)} {inv.currency}, {when}"
                 f"{', UNDER OPEN DISPUTE' if inv.number in disputed else ''}"
                 f"{f', PO {inv.po_number}' if inv.po_number else ''}", f"invoice:{inv.number}",
                 number=inv.number, issue_date=inv.issue_date.isoformat(), due_date=inv.due_date.isoformat(),
                 amount=str(inv.amount), balance=str(inv.balance), currency=inv.currency, days_past_due=dpd,
                 po_number=inv.po_number, disputed=inv.number in disputed)
    _history_fact(book, account, today)
    for payment in account.payments[-RECENT_PAYMENTS:]:
        applied = ", ".join(f"{money(a)} to {n}" for n, a in payment.allocations.items())
        book.add("payment", f"Payment {money(payment.amount)} {payment.currency} received "
                 f"{payment.received_on.isoformat()} ({applied or 'unallocated'})", f"payment:{payment.external_id}",
                 amount=str(payment.amount), date=payment.received_on.isoformat(),
                 invoice_numbers=list(payment.allocations), method=payment.method)
    for note in account.credit_notes:
        book.add("credit_note", f"Credit note {note.number} for {money(note.amount)} on {note.invoice}, "
                 f"{note.issued_on.isoformat()}: {note.reason or 'no reason given'}", f"credit_note:{note.number}",
                 number=note.number, amount=str(note.amount), date=note.issued_on.isoformat(), invoice=note.invoice)
    for d in account.disputes:
        book.add("dispute", f"Dispute #{d.id} {d.status} on {d.invoice} since {d.opened_on.isoformat()}, "
                 f"owner {d.owner_email or 'unassigned'}, reason \"{d.reason}\"", f"dispute:{d.id}",
                 invoice=d.invoice, opened=d.opened_on.isoformat(), status=d.status, owner=d.owner_email,
                 reason=d.reason)
    for p in account.promises:
        status = p.status
        if status == "pending" and p.promised_date < today:
            status = "pending, date passed without payment"
        book.add("promise", f"Promise to pay {money(p.amount)} by {p.promised_date.isoformat()} made by "
                 f"{p.made_by or 'unknown'} on {p.recorded_on.isoformat()} ({status})", f"promise:{p.id}",
                 amount=str(p.amount), promised_date=p.promised_date.isoformat(), status=p.status,
                 invoice_numbers=p.invoice_numbers)
    seen: set[int] = set()
    # Every contact in the current collection cycle (a write-off package lists each attempt), plus the
    # latest few from before it for tone and history.
    open_dues = [i.due_date for i in account.open_invoices()]
    cycle_start = min(open_dues) - dt.timedelta(days=7) if open_dues else today
    recent = [c for c in account.communications if c.at.date() >= cycle_start]
    earlier = [c for c in account.communications if c.at.date() < cycle_start][-RECENT_COMMUNICATIONS:]
    for comm in (earlier + recent)[-max(RECENT_COMMUNICATIONS, len(recent)):]:
        seen.add(comm.id)
        _communication_fact(book, "communication", comm.id, comm.direction, comm.channel, comm.at, comm.subject,
                            comm.body, comm.author)
    for sim in similar or []:
        if sim.id in seen:
            continue
        _communication_fact(book, "similar_communication", sim.id, sim.direction, sim.channel, sim.at, sim.subject,
                            sim.body, None, distance=round(sim.distance, 3))
    return book.facts


def _history_fact(book: FactBook, account: AccountSnapshot, today: dt.date) -> None:
    settled, late = account.settled_invoices()
    if not settled:
        book.add("history", "No settled invoices on record yet", f"customer:{account.customer.external_id}",
                 settled=0)
        return
    days_late = [(i.last_payment_on - i.due_date).days for i in late if i.last_payment_on]
    average = round(sum(days_late) / len(days_late)) if days_late else 0
    book.add("history", f"Payment history: {len(late)} of {len(settled)} settled invoices paid late"
             f"{f', on average {average} days late' if late else ''}", f"customer:{account.customer.external_id}",
             settled=len(settled), paid_late=len(late), average_days_late=average)


def _communication_fact(
    book: FactBook, kind: FactKind, comm_id: int, direction: str, channel: str, at: dt.datetime,
    subject: str | None, body: str, author: str | None, **extra: Any,
) -> None:
    inbound = direction == "inbound"
    excerpt = body if len(body) <= UNTRUSTED_EXCERPT_CHARS else body[:UNTRUSTED_EXCERPT_CHARS] + "…"
    who = f" from {author}" if inbound and author else ""
    label = "similar past " if kind == "similar_communication" else ""
    text = f"{label}{direction} {channel} {at.date().isoformat()}{who}: \"{subject or '(no subject)'}\""
    if inbound:
        # Customer text is data, never instructions: kept apart and marked so drafters fence it.
        text += f" — customer wrote: {excerpt}"
    book.add(kind, text, f"communication:{comm_id}", untrusted=inbound, at=at.isoformat(), direction=direction,
             channel=channel, **extra)
