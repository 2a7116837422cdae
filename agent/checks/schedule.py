"""Quiet hours and weekends in the customer's time zone (SOFT: the message waits, it is not blocked)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.checks.base import CheckResult, failed, passed
from tools.rules import Rules

RULE = "quiet_hours"
SATURDAY = 5


def customer_zone(timezone: str) -> ZoneInfo:
    """The customer's IANA time zone; ValueError when the name is unknown."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {timezone!r}") from exc


def in_quiet_hours(local: dt.datetime, rules: Rules) -> bool:
    """Whether a local time falls in quiet hours (start inclusive, end exclusive; may wrap midnight)."""
    start, end = rules.quiet_hours_start, rules.quiet_hours_end
    if start == end:
        return False
    if start > end:  # overnight, e.g. 20:00–08:00
        return local.hour >= start or local.hour < end
    return start <= local.hour < end


def on_weekend(local: dt.datetime, rules: Rules) -> bool:
    """Whether weekend sends are off and the local day is Saturday or Sunday."""
    return rules.no_weekend_sends and local.weekday() >= SATURDAY


def next_allowed_send_time(send_at: dt.datetime, *, timezone: str, rules: Rules) -> dt.datetime:
    """`send_at` if it is allowed, else the first allowed moment after it, in the customer's time zone."""
    if send_at.tzinfo is None or send_at.utcoffset() is None:
        raise ValueError("send_at must be timezone-aware")
    zone = customer_zone(timezone)
    local = send_at.astimezone(zone)
    if not (on_weekend(local, rules) or in_quiet_hours(local, rules)):
        return send_at
    for _ in range(16):  # at most a weekend plus a night; the bound only guards against a bad rule set
        if on_weekend(local, rules):
            local = _local_at(local.date() + dt.timedelta(days=1), 0, zone)
        elif in_quiet_hours(local, rules):
            day = local.date() if local.hour < rules.quiet_hours_end else local.date() + dt.timedelta(days=1)
            local = _local_at(day, rules.quiet_hours_end, zone)
        else:
            return local
    raise ValueError("the quiet-hour and weekend rules leave no time to send")


def _local_at(day: dt.date, hour: int, zone: ZoneInfo) -> dt.datetime:
    # A wall time that a DST change skips (02:30 on a spring-forward night) becomes the real instant after it.
    naive = dt.datetime.combine(day, dt.time(hour))
    return naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def check_quiet_hours(send_at: dt.datetime, *, timezone: str, rules: Rules) -> CheckResult:
    """SOFT: fails when the send time is in quiet hours or on a weekend; the detail says when it will go."""
    try:
        scheduled = next_allowed_send_time(send_at, timezone=timezone, rules=rules)
    except ValueError as exc:
        return failed(RULE, "soft", f"cannot check quiet hours: {exc}")
    local = send_at.astimezone(customer_zone(timezone))
    if scheduled == send_at:
        return passed(RULE, "soft", f"{_when(local)} is within sending hours")
    why = (
        "on a weekend"
        if on_weekend(local, rules)
        else (f"in quiet hours ({rules.quiet_hours_start:02d}:00–{rules.quiet_hours_end:02d}:00)")
    )
    return failed(
        RULE,
        "soft",
        f"{_when(local)} is {why}; will be scheduled for {_when(scheduled)} "
        f"({scheduled.astimezone(dt.UTC).isoformat()})",
    )


def _when(local: dt.datetime) -> str:
    return f"{local:%A %Y-%m-%d %H:%M} {local.tzname()} ({local.tzinfo})"
