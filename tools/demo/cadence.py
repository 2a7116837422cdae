"""Our dunning history: reminders by tier, call notes, letters, write-off notes, and the replies they draw.

Reminders follow the cadence in docs/collections-policy.md (T1 at +1..7 days, T2 +8..30, T3
+31..60, T4 +61..90, a write-off review note after +90), pause while an invoice is disputed, under
a promise or under an agreed plan, go out on weekdays in business hours, cover every overdue
invoice in one message, and reach an account at most once in five days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tools.demo import inbound_wording as inbound
from tools.demo import outbound_wording as outbound
from tools.demo.behaviours import predicted_late
from tools.demo.correspondence import DAY, Correspondence, business_day, long_date, money, tier_for
from tools.demo.identities import COLLECTIONS_MAILBOX
from tools.demo.ledger_story import InvoiceStory, PromiseStory

FOOTER = "If you have already arranged payment, thank you, and please disregard this message."
# (stage, first day, last day) relative to the due date
STAGES = (
    ("pre_due", -7, -3),
    ("T1", 1, 4),
    ("T2", 9, 14),
    ("T2", 21, 27),
    ("T3", 32, 40),
    ("T3", 47, 55),
    ("T4", 62, 70),
    ("T5", 92, 100),
)
TIER_RANK = {"pre_due": 0, "T1": 1, "T2": 2, "T3": 3, "T4": 4, "T5": 5, "broken_promise": 1}


@dataclass(slots=True)
class _Message:
    day: dt.date
    kind: str
    stories: list[InvoiceStory]
    promise: PromiseStory | None = None


def send_reminders(c: Correspondence) -> None:
    """Reminders, call notes, letters and write-off notes for every overdue invoice, with the replies."""
    events: list[tuple[dt.date, int, str, InvoiceStory, PromiseStory | None]] = []
    late_flag = predicted_late(c.account.habit)
    pauses = {story.plan.number: _paused(story, c.today) for story in c.stories}
    for story in c.stories:
        inv = story.plan
        paused = pauses[inv.number]
        for stage, lo, hi in STAGES:
            if story.settled is not None and inv.due + dt.timedelta(days=lo) >= story.settled:
                break  # paid before this stage (and every later one) would come round
            if stage == "pre_due" and not (late_flag and c.rng.random() < 0.5):
                continue
            if stage not in ("T4", "T5") and c.rng.random() < 0.12:
                continue  # a collector was away, or chose to wait
            day = business_day(inv.due + dt.timedelta(days=c.rng.randint(lo, hi)))
            if day < c.today and story.open_cents(day) > 0 and not any(a <= day <= b for a, b in paused):
                events.append((day, TIER_RANK[stage], stage, story, None))
        for promise in story.promises:
            day = business_day(promise.promised + dt.timedelta(days=c.rng.randint(2, 4)))
            broken = story.paid_between(promise.recorded, promise.promised, day) < promise.cents
            if broken and day < c.today and story.open_cents(day) > 0:
                events.append((day, 1, "broken_promise", story, promise))
    events.sort(key=lambda e: (e[0], e[1], e[3].plan.number))
    messages: list[_Message] = []
    notes: list[_Message] = []
    for day, _rank, stage, story, pledge in events:
        queue = notes if stage == "T5" else messages
        last = queue[-1] if queue else None
        if last is not None and stage == "T5" and (day - last.day).days < 30:
            if story not in last.stories:
                last.stories.append(story)
            continue
        if last is not None and (day - last.day).days < 5:
            overdue = (last.day - story.plan.due).days >= 1 or stage == "pre_due"
            if story in last.stories:
                continue
            if overdue and last.kind != "broken_promise":
                last.stories.append(story)
                continue
            day = business_day(last.day + dt.timedelta(days=5))
            if day >= c.today or story.open_cents(day) <= 0:
                continue
        queue.append(_Message(day, stage, [story], pledge))
    for message in messages:
        if message.kind != "broken_promise":  # one message covers every overdue invoice we may chase
            day = message.day
            message.stories += [
                s
                for s in c.stories
                if s.plan.due < day
                and (s.settled is None or s.settled >= day)
                and s not in message.stories
                and s.open_cents(day) > 0
                and not any(a <= day <= b for a, b in pauses[s.plan.number])
            ]
        _send_reminder(c, message)
    for note in notes:
        _write_off_note(c, note)


def _message_slots(c: Correspondence, message: _Message) -> dict[str, str]:
    currency = c.account.currency
    stories = sorted(message.stories, key=lambda s: s.plan.due)
    lines, total, overdue_total = [], 0, 0
    for s in stories:
        cents = s.open_cents(message.day)
        total += cents
        overdue_total += cents if s.plan.due < message.day else 0
        po = f" | PO {s.plan.po}" if s.plan.po else ""
        due = "not yet due" if s.plan.due >= message.day else "open"
        lines.append(
            f"- {s.plan.number} | issued {long_date(s.plan.issue)} | due {long_date(s.plan.due)}"
            f"{po} | {due} {money(cents, currency)}"
        )
    total = overdue_total or total
    oldest = stories[0]
    fee = ""
    tier = tier_for((message.day - oldest.plan.due).days)
    if c.account.late_fee and tier in ("T3", "T4"):
        kind, value = c.account.late_fee
        rate = f"{value}% per month" if kind == "percent_per_month" else f"{value} {currency} per overdue invoice"
        fee = outbound.LATE_FEE_SENTENCE.format(fee=rate)
    promise = message.promise
    caller = next((p for p in c.account.contacts if p.phone and p.role != "ap"), None)
    return {
        "first": c.first_name(c.recipient),
        "company": c.account.company.name,
        "customer_id": c.account.customer_id,
        "lines": "\n".join(lines),
        "total": money(total, currency),
        "first_invoice": oldest.plan.number,
        "first_due": long_date(oldest.plan.due),
        "first_amount": money(oldest.open_cents(message.day), currency),
        "invoice_list": ", ".join(s.plan.number for s in stories),
        "days": str((message.day - oldest.plan.due).days),
        "deadline": long_date(message.day + dt.timedelta(days=10)),
        "late_fee": fee,
        "promised_date": long_date(promise.promised) if promise else "",
        "promise_recorded": long_date(promise.recorded) if promise else "",
        "phone": caller.phone if caller and caller.phone else "the main line",
        "contact_name": caller.name if caller and caller.name else "the AP team",
    }


def _send_reminder(c: Correspondence, message: _Message) -> None:
    slots = _message_slots(c, message)
    days = int(slots["days"])
    tier = "broken_promise" if message.kind == "broken_promise" else tier_for(days)
    if tier == "T5":
        tier = "T4"  # past 90 days a customer still hears the final-notice wording, never more
    if tier == "T4":
        if c.last_final_notice and (message.day - c.last_final_notice).days < 30:
            return  # one final notice a month; after that it is the write-off review's turn
        c.last_final_notice = message.day
    strategic_call = c.account.segment == "strategic" and tier in ("T2", "T3")
    if c.recipient is None or strategic_call:
        when = c.at(message.day)
        if tier == "T4" and c.recipient is None:
            c.add(
                "outbound",
                "letter",
                when,
                f"Final notice: account {c.account.customer_id}",
                outbound.LETTER_BODY.format(**slots),
                COLLECTIONS_MAILBOX,
            )
        else:
            c.add("outbound", "phone", when, None, c.rng.choice(outbound.CALL_NOTES).format(**slots), c.account.owner)
        return
    author = COLLECTIONS_MAILBOX
    if c.account.automation_excluded or tier == "broken_promise" or c.rng.random() < 0.15:
        author = c.account.owner
    slots["signature"] = c.signature(author)
    subject = c.rng.choice(outbound.REMINDER_SUBJECTS[tier]).format(**slots)
    body = c.rng.choice(outbound.REMINDER_BODIES[tier]).format(**slots) + "\n\n" + FOOTER
    when = c.at(message.day, start=9, end=16)
    if not c.add("outbound", "email", when, subject, body, author):
        return
    if tier == "T4" and c.rng.random() < 0.4:
        c.add(
            "outbound",
            "letter",
            when + dt.timedelta(minutes=5),
            subject,
            outbound.LETTER_BODY.format(**slots),
            COLLECTIONS_MAILBOX,
        )
    _reply_to(c, message, when, subject, tier)


def _reply_to(c: Correspondence, message: _Message, sent: dt.datetime, subject: str, tier: str) -> None:
    rng = c.rng
    story = sorted(message.stories, key=lambda s: s.plan.due)[0]
    if rng.random() < 0.05:
        slots = c.base_slots(story)
        back = message.day + dt.timedelta(days=rng.randint(3, 15))
        slots |= {"return_date": long_date(back), "leave_start": long_date(message.day - DAY)}
        c.inbound_email(
            sent + dt.timedelta(minutes=rng.randint(1, 4)),
            f"Automatic reply: {subject}",
            "out_of_office",
            slots,
            c.recipient,
        )
        return
    if tier == "pre_due" or rng.random() >= c.account.habit.reply_rate:
        return
    if any(
        message.day <= p.recorded <= message.day + dt.timedelta(days=4) for s in message.stories for p in s.promises
    ):
        return  # the promise thread carries the reply
    settles = [s.settled_on() for s in message.stories]
    soon = [d for d in settles if d is not None and 0 <= (d - message.day).days <= 7]
    habit = c.account.habit.behaviour
    weights = {
        "already_paid": 6.0 if soon else 0.3,
        "invoice_copy_request": 1.5,
        "po_number_question": 2.0 if c.account.requires_po else 0.6,
        "bank_details_question": 0.8,
        "angry": 0.6 + (1.2 if TIER_RANK.get(tier, 1) >= 3 else 0.0),
        "payment_plan_request": 1.2
        if tier in ("T2", "T3") and habit in ("partial", "deteriorating", "chronic_late")
        else 0.0,
    }
    category = rng.choices(list(weights), weights=list(weights.values()))[0]
    when = c.later(sent)
    slots = c.base_slots(story)
    if category == "already_paid":
        paid = soon[0] if soon else message.day - dt.timedelta(days=rng.randint(0, 3))
        slots["date"] = long_date(min(paid, when.astimezone(c.zone).date()))
    contact = c.customer_voice(c.recipient)
    template = rng.choice(inbound.ALREADY_PAID_REPLIES) if category == "already_paid" else None
    if not c.inbound_email(when, f"RE: {subject}", category, slots, contact, template):
        return
    if category == "already_paid" or rng.random() < 0.15:
        return  # nothing to answer, or the question is still waiting for us
    key = category.removesuffix("_request").removesuffix("_question")
    key = {"po_number": "po_question", "bank_details": "bank_details"}.get(key, key)
    if key == "payment_plan" and not c.account.plans_allowed:
        key = "payment_plan_refused"
    answer = rng.choice(outbound.QUESTION_ANSWERS[key]).format(
        first=c.first_name(contact),
        invoice=story.plan.number,
        amount=slots["amount"],
        due=long_date(story.plan.due),
        po=story.plan.po or "",
        signature=c.signature(c.account.owner),
    )
    c.add("outbound", "email", c.later(when, ours=True), f"RE: {subject}", answer, c.account.owner)


def _write_off_note(c: Correspondence, note: _Message) -> None:
    slots = _message_slots(c, note)
    c.add(
        "outbound",
        "note",
        c.at(note.day),
        "Write-off review",
        c.rng.choice(outbound.WRITE_OFF_NOTES).format(**slots),
        c.account.owner,
    )


def _paused(story: InvoiceStory, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    spans = []
    if story.dispute is not None:
        end = story.dispute.resolved if story.dispute.resolved < today else dt.date.max
        spans.append((story.dispute.opened, end))
    spans += [(p.recorded, p.promised) for p in story.promises]
    if story.instalments and story.plan_requested is not None and story.payments:
        spans.append((story.plan_requested, story.payments[-1][0]))
    return spans
