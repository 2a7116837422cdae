"""One account's correspondence in the making: its time zone, contacts, voices and text helpers.

`cadence` writes our reminders and the replies they draw, `threads` the conversations that start
elsewhere (disputes, promises, payment plans, remittances, opt-outs). Only what happened strictly
before the customer's `as_of` day is kept.
"""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from tools.demo import inbound_wording as inbound
from tools.demo import outbound_wording as outbound
from tools.demo.accounts import AccountPlan, ContactPlan
from tools.demo.identities import COLLECTIONS_MAILBOX
from tools.demo.ledger_story import MONTHS, InvoiceStory

UTC = dt.UTC
DAY = dt.timedelta(days=1)


def money(cents: int, currency: str) -> str:
    """1,200.00 USD"""
    return f"{cents // 100:,}.{cents % 100:02d} {currency}"




def long_date(day: dt.date) -> str:
    """November 12, 2026"""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def tier_for(days_past_due: int) -> str:
    """The cadence tier of an invoice this many days past due (pre_due when not yet due)."""
    if days_past_due <= 0:
        return "pre_due"
    for tier, last in (("T1", 7), ("T2", 30), ("T3", 60), ("T4", 90)):
        if days_past_due <= last:
            return tier
    return "T5"


def business_day(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


class Correspondence:
    """Builds one account's communications in its own time zone."""

    def __init__(
        self, account: AccountPlan, stories: list[InvoiceStory], rng: Random, as_of: dt.datetime, today: dt.date
    ) -> None:
        self.account = account
        self.stories = stories
        self.rng = rng
        self.as_of = as_of
        self.today = today
        self.items: list[dict[str, Any]] = []
        self.zone = ZoneInfo(account.locale.timezone)
        self.reachable = [c for c in account.contacts if c.email and not c.opted_out]
        self.recipient = policy_recipient(account.contacts)
        self.owner_name = " ".join(p.capitalize() for p in account.owner.split("@")[0].split("."))
        self.last_final_notice: dt.date | None = None

    # -- helpers -------------------------------------------------------------------------------

    def at(self, day: dt.date, *, start: int = 8, end: int = 17) -> dt.datetime:
        local = dt.datetime.combine(
            day, dt.time(self.rng.randint(start, end - 1), self.rng.randrange(60)), tzinfo=self.zone
        )
        return local.astimezone(UTC)

    def later(self, sent: dt.datetime, *, ours: bool = False) -> dt.datetime:
        """When an answer to `sent` comes: within hours or two working days; ours only in office hours."""
        days = self.rng.choice((0, 0, 1, 1, 2))
        if days == 0:
            when = sent + dt.timedelta(minutes=self.rng.randint(25, 240))
            local = when.astimezone(self.zone)
            if not ours or (local.weekday() < 5 and 8 <= local.hour < 18):
                return when
            days = 1
        return self.at(business_day(sent.astimezone(self.zone).date() + dt.timedelta(days=days)))

    def add(
        self, direction: str, channel: str, when: dt.datetime, subject: str | None, body: str, author: str | None
    ) -> bool:
        if when >= self.as_of or when.astimezone(self.zone).date() >= self.today:
            return False
        self.items.append(
            {"direction": direction, "channel": channel, "at": when, "subject": subject, "body": body, "author": author}
        )
        return True

    def signature(self, author: str) -> str:
        if author == COLLECTIONS_MAILBOX:
            name, email = "Accounts Receivable Team", COLLECTIONS_MAILBOX
        else:
            name, email = self.owner_name, author
        return self.rng.choice(outbound.SIGNATURES).format(sender_name=name, sender_email=email)

    def first_name(self, contact: ContactPlan | None) -> str:
        if contact is None or contact.name is None or contact.role == "ap":
            return "Accounts Payable team" if contact is not None else "team"
        return contact.name.split(" ")[0]

    def customer_voice(self, prefer: ContactPlan | None = None) -> ContactPlan | None:
        """Who writes to us: usually the person we wrote to, sometimes another contact."""
        people = self.reachable or [c for c in self.account.contacts if c.email]
        if prefer is not None and self.rng.random() < 0.8:
            return prefer
        return self.rng.choice(people) if people else None

    def inbound_email(
        self,
        when: dt.datetime,
        subject: str,
        category: str,
        slots: dict[str, str],
        contact: ContactPlan | None,
        template: str | None = None,
    ) -> bool:
        core = (template or self.rng.choice(inbound.INBOUND[category])).format(**slots)
        name = contact.name if contact and contact.name else "Accounts Payable"
        if category == "out_of_office":
            body = core
        else:
            signature = name
            if self.rng.random() < 0.5:
                title = f"{contact.title}, " if contact is not None and contact.role != "ap" else ""
                signature = f"{name}\n{title}{self.account.company.name}"
            greeting = self.rng.choice(inbound.GREETINGS).format(to=self.owner_name.split(" ")[0])
            body = inbound.compose_inbound(
                core, greeting=greeting, sign_off=self.rng.choice(inbound.SIGN_OFFS), signature=signature
            )
        return self.add("inbound", "email", when, subject, body, name)

    def base_slots(self, story: InvoiceStory | None) -> dict[str, str]:
        alt = next((c for c in self.reachable if c.role == "ap"), None)
        alt_email = alt.email if alt and alt.email else f"accounts@{self.account.company.domain}"
        slots = {
            "company": self.account.company.name,
            "alt_email": alt_email,
            "alt_name": alt.name if alt and alt.name else "our finance team",
            "invoice": "",
            "amount": "",
            "date": "",
            "po": "",
            "method": self.account.method,
            "ref": self.reference(),
            "n": str(self.rng.choice((2, 3, 3, 4))),
            "first_amount": "",
            "days": "",
            "return_date": "",
            "leave_start": "",
        }
        if story is not None:
            inv = story.plan
            open_cents = max(story.open_cents(self.today), 0) or inv.cents
            slots |= {
                "invoice": inv.number,
                "amount": money(open_cents, self.account.currency),
                "po": inv.po or "the blanket PO",
                "days": str(max(1, (self.today - inv.due).days)),
                "first_amount": money(max(100, open_cents // 300 * 100), self.account.currency),
            }
        return slots

    def reference(self) -> str:
        method = self.account.method
        formats = {
            "ACH": ("ACH{n:08d}", "{n:010d}"),
            "check": ("check no. {c:06d}",),
            "cheque": ("cheque no. {c:06d}",),
            "card": ("card auth {n:08d}",),
            "BPAY": ("BPAY {n:09d}",),
        }
        pattern = self.rng.choice(formats.get(method, ("TRF-{n:08d}", "PMT{n:08d}", "REF {n:08d}")))
        return pattern.format(n=self.rng.randrange(10**6, 10**8), c=self.rng.randrange(1000, 99999))


def policy_recipient(contacts: list[ContactPlan]) -> ContactPlan | None:
    """The policy's recipient: primary, then billing, then AP, then anyone reachable by email."""
    reachable = [c for c in contacts if c.email and not c.opted_out]
    for test in (lambda c: c.primary, lambda c: c.role == "billing", lambda c: c.role == "ap", lambda c: True):
        for contact in reachable:
            if test(contact):
                return contact
    return None
