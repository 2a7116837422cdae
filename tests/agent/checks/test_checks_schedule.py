"""Quiet hours and weekends in the customer's time zone, across zones and DST changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.checks.schedule import check_quiet_hours, in_quiet_hours, next_allowed_send_time, on_weekend
from tools.rules import Rules

CHICAGO = "America/Chicago"
RULES = Rules()


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def local(zone: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def test_next_allowed_send_time_moves_friday_night_to_monday_morning() -> None:
    friday_9pm = local(CHICAGO, 2026, 11, 20, 21, 0)
    assert next_allowed_send_time(friday_9pm, timezone=CHICAGO, rules=RULES) == local(CHICAGO, 2026, 11, 23, 8, 0)


@pytest.mark.parametrize(
    ("send_at", "zone", "expected"),
    [
        # Wednesday 09:00 in Chicago: allowed, unchanged.
        (utc(2026, 11, 18, 15, 0), CHICAGO, utc(2026, 11, 18, 15, 0)),
        # 19:59 is allowed, 20:00 is quiet.
        (local(CHICAGO, 2026, 11, 18, 19, 59), CHICAGO, local(CHICAGO, 2026, 11, 18, 19, 59)),
        (local(CHICAGO, 2026, 11, 18, 20, 0), CHICAGO, local(CHICAGO, 2026, 11, 19, 8, 0)),
        # Early morning waits for 08:00 the same day.
        (local(CHICAGO, 2026, 11, 17, 6, 30), CHICAGO, local(CHICAGO, 2026, 11, 17, 8, 0)),
        # Saturday noon waits for Monday.
        (local(CHICAGO, 2026, 11, 21, 12, 0), CHICAGO, local(CHICAGO, 2026, 11, 23, 8, 0)),
        # The same UTC instant is Thursday 00:00 in Tokyo: quiet until 08:00 JST.
        (utc(2026, 11, 18, 15, 0), "Asia/Tokyo", utc(2026, 11, 18, 23, 0)),
        # Friday 22:00 UTC is Saturday 09:00 in Sydney: Monday 08:00 AEDT (UTC+11).
        (utc(2026, 11, 20, 22, 0), "Australia/Sydney", utc(2026, 11, 22, 21, 0)),
        # DST ends in the US on Sunday 2026-11-01: Friday 21:00 CDT → Monday 08:00 CST (14:00 UTC).
        (local(CHICAGO, 2026, 10, 30, 21, 0), CHICAGO, utc(2026, 11, 2, 14, 0)),
        # DST starts in the US on Sunday 2026-03-08: Friday 21:00 CST → Monday 08:00 CDT (13:00 UTC).
        (local(CHICAGO, 2026, 3, 6, 21, 0), CHICAGO, utc(2026, 3, 9, 13, 0)),
        # Europe changes a week earlier (2026-10-25): Friday 21:00 BST → Monday 08:00 GMT.
        (local("Europe/London", 2026, 10, 23, 21, 0), "Europe/London", utc(2026, 10, 26, 8, 0)),
    ],
)
def test_next_allowed_send_time_in_the_customers_time_zone(
    send_at: dt.datetime, zone: str, expected: dt.datetime
) -> None:
    assert next_allowed_send_time(send_at, timezone=zone, rules=RULES) == expected


def test_next_allowed_send_time_lands_after_a_skipped_wall_time() -> None:
    # Quiet 00:00–02:00 on the night the clocks jump from 02:00 to 03:00: 02:00 does not exist.
    rules = Rules(quiet_hours_start=0, quiet_hours_end=2, no_weekend_sends=False)
    scheduled = next_allowed_send_time(local(CHICAGO, 2026, 3, 8, 1, 30), timezone=CHICAGO, rules=rules)
    assert scheduled == utc(2026, 3, 8, 8, 0)  # 03:00 CDT, the first real instant after the gap


def test_next_allowed_send_time_honours_the_rules() -> None:
    saturday_noon = local(CHICAGO, 2026, 11, 21, 12, 0)
    weekends_ok = Rules(no_weekend_sends=False)
    assert next_allowed_send_time(saturday_noon, timezone=CHICAGO, rules=weekends_ok) == saturday_noon
    no_quiet = Rules(quiet_hours_start=0, quiet_hours_end=0, no_weekend_sends=False)
    at_3am = local(CHICAGO, 2026, 11, 18, 3, 0)
    assert next_allowed_send_time(at_3am, timezone=CHICAGO, rules=no_quiet) == at_3am
    daytime_quiet = Rules(quiet_hours_start=12, quiet_hours_end=14)
    assert next_allowed_send_time(local(CHICAGO, 2026, 11, 18, 12, 30), timezone=CHICAGO, rules=daytime_quiet) == (
        local(CHICAGO, 2026, 11, 18, 14, 0)
    )


def test_next_allowed_send_time_refuses_naive_times_and_unknown_zones() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_allowed_send_time(dt.datetime(2026, 11, 18, 9), timezone=CHICAGO, rules=RULES)  # noqa: DTZ001
    with pytest.raises(ValueError, match="unknown time zone"):
        next_allowed_send_time(utc(2026, 11, 18, 15), timezone="Mars/Olympus_Mons", rules=RULES)


def test_quiet_hours_check_is_soft_and_says_when_it_will_go() -> None:
    result = check_quiet_hours(local(CHICAGO, 2026, 11, 20, 21, 0), timezone=CHICAGO, rules=RULES)
    assert (result.rule, result.severity, result.passed) == ("quiet_hours", "soft", False)
    assert "in quiet hours (20:00–08:00)" in result.detail
    assert "will be scheduled for Monday 2026-11-23 08:00 CST" in result.detail


def test_quiet_hours_check_names_the_weekend() -> None:
    result = check_quiet_hours(local(CHICAGO, 2026, 11, 21, 12, 0), timezone=CHICAGO, rules=RULES)
    assert not result.passed and "on a weekend" in result.detail


def test_quiet_hours_check_passes_in_sending_hours_and_reports_bad_zones() -> None:
    assert check_quiet_hours(utc(2026, 11, 18, 15), timezone=CHICAGO, rules=RULES).passed
    bad = check_quiet_hours(utc(2026, 11, 18, 15), timezone="Nowhere/Special", rules=RULES)
    assert not bad.passed and bad.severity == "soft" and "unknown time zone" in bad.detail


ZONES = ["America/Chicago", "America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata"]


@settings(max_examples=200, deadline=None)
@given(
    send_at=st.datetimes(
        min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; values get UTC
        max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
    zone=st.sampled_from(ZONES),
    start=st.integers(0, 23),
    end=st.integers(0, 23),
    weekends_off=st.booleans(),
)
def test_property_next_allowed_send_time_is_the_first_allowed_moment(
    send_at: dt.datetime, zone: str, start: int, end: int, weekends_off: bool
) -> None:
    rules = Rules(quiet_hours_start=start, quiet_hours_end=end, no_weekend_sends=weekends_off)
    scheduled = next_allowed_send_time(send_at, timezone=zone, rules=rules)

    def allowed(moment: dt.datetime) -> bool:
        here = moment.astimezone(ZoneInfo(zone))
        return not (in_quiet_hours(here, rules) or on_weekend(here, rules))

    assert scheduled >= send_at
    assert allowed(scheduled)
    assert scheduled - send_at <= dt.timedelta(days=3)
    step = send_at + dt.timedelta(minutes=20)
    while step < scheduled:
        assert not allowed(step), f"{step} was allowed but the scheduler waited until {scheduled}"
        step += dt.timedelta(minutes=20)
    assert next_allowed_send_time(scheduled, timezone=zone, rules=rules) == scheduled
