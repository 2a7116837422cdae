"""Conversations that do not start with a reminder: disputes, promises, payment plans, remittances, opt-outs."""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

from tools.demo import inbound_wording as inbound
from tools.demo import outbound_wording as outbound
from tools.demo.accounts import AccountPlan
from tools.demo.cadence import send_reminders
from tools.demo.correspondence import Correspondence, business_day, long_date, money
from tools.demo.disputes import DISPUTE_KINDS
from tools.demo.ledger_story import InvoiceStory


def build_communications(
    account: AccountPlan, stories: list[InvoiceStory], rng: Random, as_of: dt.datetime, today: dt.date
) -> list[dict[str, Any]]:
    """Every communication on the account before `today` (the customer's as_of day), oldest first."""
    c = Correspondence(account, stories, rng, as_of, today)
    for story in stories:
        dispute_thread(c, story)
        promise_thread(c, story)
        plan_thread(c, story)
        remittances(c, story)
    send_reminders(c)
    opt_outs(c)
    c.items.sort(key=lambda item: item["at"])
    return c.items


def dispute_thread(c: Correspondence, story: InvoiceStory) -> None:
    """The customer's dispute, our internal note and acknowledgement, and the resolution if it came."""
    dispute = story.dispute
    if dispute is None or dispute.opened >= c.today:
        return
    rng, inv = c.rng, story.plan
    spec = DISPUTE_KINDS[dispute.kind]
    slots = c.base_slots(story) | dispute.slots
    contact = c.customer_voice(c.recipient)
    opened_at = c.at(dispute.opened)
    subject = rng.choice(
        ("Problem with invoice {i}", "{i} - query", "Dispute: invoice {i}", "Invoice {i} on hold", "Issue with {i}")
    ).format(i=inv.number)
    templates = inbound.DISPUTE_INBOUND[dispute.kind]
    template = rng.choice([t for t in templates if inv.po or "{po}" not in t] or templates)
    c.inbound_email(opened_at, subject, "dispute", slots, contact, template)
    c.add(
        "outbound",
        "note",
        opened_at + dt.timedelta(minutes=rng.randint(20, 180)),
        "Dispute logged",
        outbound.DISPUTE_NOTES.format(invoice=inv.number, reason=dispute.reason, owner=spec.owner),
        c.account.owner,
    )
    owner_sig = c.signature(c.account.owner)
    first = c.first_name(contact)
    if rng.random() < 0.7:
        c.add(
            "outbound",
            "email",
            c.later(opened_at, ours=True),
            f"RE: {subject}",
            rng.choice(outbound.DISPUTE_ACKS).format(
                first=first, invoice=inv.number, team=spec.team, signature=owner_sig
            ),
            c.account.owner,
        )
    if dispute.resolved < c.today:
        credit = dispute.credit
        credited = credit.cents if credit else 0
        text = rng.choice(outbound.RESOLUTIONS[dispute.outcome]).format(
            first=first,
            invoice=inv.number,
            team=spec.team,
            signature=owner_sig,
            credit_note=credit.number if credit else "",
            po=dispute.po_added or "",
            credit_amount=money(credited, c.account.currency),
            date=long_date(dispute.resolved),
            remaining=money(max(0, inv.cents - credited - story.settled_cents(dispute.resolved)), c.account.currency),
        )
        c.add("outbound", "email", c.at(dispute.resolved), f"RE: {subject}", text, c.account.owner)


def promise_thread(c: Correspondence, story: InvoiceStory) -> None:
    """Each promise to pay, by email from the customer or as a note of our call."""
    for promise in story.promises:
        if promise.recorded >= c.today:
            continue
        rng = c.rng
        contact = c.recipient  # the person we chase makes the promise
        slots = c.base_slots(story) | {
            "amount": money(promise.cents, c.account.currency),
            "date": long_date(promise.promised),
        }
        when = c.at(promise.recorded)
        note_slots = {
            "contact_name": contact.name if contact and contact.name else "AP",
            "company": c.account.company.name,
            "amount": slots["amount"],
            "invoice": story.plan.number,
            "promised_date": slots["date"],
        }
        if promise.by_phone or contact is None:
            c.add(
                "outbound",
                "phone",
                when,
                None,
                rng.choice(outbound.PROMISE_CALL_NOTES).format(**note_slots),
                c.account.owner,
            )
            continue
        subject = rng.choice(
            ("RE: Payment reminder - {i}", "Payment of {i}", "{i}", "RE: Overdue invoice {i}", "Payment update")
        ).format(i=story.plan.number)
        c.inbound_email(when, subject, "promise_to_pay", slots, contact)
        if rng.random() < 0.35:
            c.add(
                "outbound",
                "email",
                c.later(when, ours=True),
                f"RE: {subject}",
                rng.choice(outbound.PROMISE_CONFIRMATIONS).format(
                    first=c.first_name(contact), signature=c.signature(c.account.owner), **note_slots
                ),
                c.account.owner,
            )


def plan_thread(c: Correspondence, story: InvoiceStory) -> None:
    """A request to pay in instalments and, where the contract allows plans, the agreed schedule."""
    requested = story.plan_requested
    if requested is None or requested >= c.today:
        return
    rng = c.rng
    contact = c.customer_voice(c.recipient)
    slots = c.base_slots(story) | {
        "amount": money(story.plan.cents, c.account.currency),
        "n": str(len(story.payments) or 2),
    }
    subject = rng.choice(
        ("Payment arrangement for {i}", "Request: instalments on {i}", "RE: {i}", "Cash flow - {i}")
    ).format(i=story.plan.number)
    when = c.at(requested)
    if not c.inbound_email(when, subject, "payment_plan_request", slots, contact):
        return
    if not c.account.plans_allowed:
        return
    schedule = "\n".join(f"- {long_date(d)}: {money(cents, c.account.currency)}" for d, cents in story.payments)
    c.add(
        "outbound",
        "email",
        c.at(business_day(requested + dt.timedelta(days=rng.randint(1, 3)))),
        f"RE: {subject}",
        rng.choice(outbound.PLAN_CONFIRMATIONS).format(
            first=c.first_name(contact),
            invoice=story.plan.number,
            schedule=schedule,
            signature=c.signature(c.account.owner),
        ),
        c.account.owner,
    )


def remittances(c: Correspondence, story: InvoiceStory) -> None:
    """Remittance advices from customers who send them with their payments."""
    if not c.account.habit.remits:
        return
    for day, cents in story.payments:
        if day >= c.today or c.rng.random() >= 0.4:
            continue
        slots = c.base_slots(story) | {"amount": money(cents, c.account.currency)}
        sent = day - dt.timedelta(days=c.rng.randint(0, 2))
        slots["date"] = long_date(sent)
        subject = c.rng.choice(
            ("Remittance advice - {c}", "Payment advice {r}", "Remittance: {i}", "Payment sent")
        ).format(c=c.account.company.name, r=slots["ref"], i=story.plan.number)
        template = c.rng.choice(inbound.REMITTANCE_ADVICES)
        c.inbound_email(c.at(sent), subject, "already_paid", slots, c.customer_voice(), template)


def opt_outs(c: Correspondence) -> None:
    """The email in which each opted-out contact asked us to stop writing."""
    if not c.stories:
        return
    first = c.stories[0].plan.issue + dt.timedelta(days=20)
    for contact in c.account.contacts:
        if not (contact.opted_out and contact.email):
            continue
        span = (c.today - first).days - 3
        if span <= 0:
            continue
        day = first + dt.timedelta(days=c.rng.randint(0, span))
        subject = c.rng.choice(("Unsubscribe", "RE: Payment reminder", "Please remove me", "Wrong contact"))
        c.inbound_email(c.at(day), subject, "opt_out", c.base_slots(None), contact)
