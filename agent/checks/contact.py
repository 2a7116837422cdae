"""Who may be contacted and how often: a known, opted-in recipient; minimum gap; weekly maximum.

Gaps are elapsed time from the send time, as the planner counts them (docs/collections-policy.md
step 6), so the planner and the checker never disagree about "too recently". A contact time after
the send time (one already scheduled) counts as recent too.
"""

from __future__ import annotations

import datetime as dt

from agent.checks.base import INTERNAL, CheckInput, CheckResult, failed, passed

RECIPIENT_RULE = "recipient_valid"
MIN_DAYS_RULE = "min_days_between_contacts"
MAX_WEEK_RULE = "max_contacts_per_week"
WEEK = dt.timedelta(days=7)


def check_recipient(inp: CheckInput) -> CheckResult:
    """HARD: a message goes to a known contact who has not opted out; an internal note to no customer."""
    if inp.internal:
        if inp.recipient is None:
            return passed(RECIPIENT_RULE, "hard", INTERNAL)
        return failed(RECIPIENT_RULE, "hard", f"internal {inp.request.action} note addressed to {inp.recipient}")
    if not inp.recipient or not inp.recipient.strip():
        return failed(RECIPIENT_RULE, "hard", "no recipient for a customer-facing message")
    wanted = inp.recipient.strip().casefold()
    matches = [c for c in inp.contacts if c.email and c.email.strip().casefold() == wanted]
    if not matches:
        return failed(RECIPIENT_RULE, "hard", f"{inp.recipient} is not a contact of this customer")
    if any(c.opted_out for c in matches):
        return failed(RECIPIENT_RULE, "hard", f"{inp.recipient} has opted out of contact")
    name = next((c.name for c in matches if c.name), None)
    return passed(RECIPIENT_RULE, "hard", f"{name} <{inp.recipient}>" if name else inp.recipient)


def check_min_days(inp: CheckInput) -> CheckResult:
    """HARD: no customer-facing contact sooner than `min_days_between_contacts` after the last one."""
    if inp.internal:
        return passed(MIN_DAYS_RULE, "hard", INTERNAL)
    minimum = dt.timedelta(days=inp.rules.min_days_between_contacts)
    if not inp.outbound_contact_times:
        return passed(MIN_DAYS_RULE, "hard", "no earlier outbound contact")
    nearest = min(inp.outbound_contact_times, key=lambda t: abs(inp.send_at - t))
    gap = inp.send_at - nearest
    if abs(gap) < minimum:
        return failed(
            MIN_DAYS_RULE,
            "hard",
            f"last contact {nearest.isoformat()} is {_days(gap)} from the send time; "
            f"the minimum gap is {inp.rules.min_days_between_contacts} days",
        )
    return passed(MIN_DAYS_RULE, "hard", f"last contact {_days(gap)} before the send time")


def check_max_per_week(inp: CheckInput) -> CheckResult:
    """HARD: at most `max_contacts_per_week` customer-facing contacts in any 7 days, this one included."""
    if inp.internal:
        return passed(MAX_WEEK_RULE, "hard", INTERNAL)
    recent = [t for t in inp.outbound_contact_times if inp.send_at - t < WEEK]
    limit = inp.rules.max_contacts_per_week
    if len(recent) >= limit:
        return failed(
            MAX_WEEK_RULE,
            "hard",
            f"{len(recent)} contacts in the last 7 days already; the limit is {limit} a week",
        )
    return passed(MAX_WEEK_RULE, "hard", f"{len(recent)} contacts in the last 7 days (limit {limit})")


def _days(gap: dt.timedelta) -> str:
    days = abs(gap) / dt.timedelta(days=1)
    return f"{days:.1f} days"
