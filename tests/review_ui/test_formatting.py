"""Money, times and check summaries read the way a collector expects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from review_ui.formatting import badge, checks_summary, day, escape_md, money, summary_style, when
from review_ui.models import Check


def test_money_has_thousands_separators_two_decimals_and_the_currency() -> None:
    assert money(Decimal("1200")) == "1,200.00"
    assert money("52500.5", "USD") == "52,500.50 USD"
    assert money(Decimal("-75.125"), "EUR") == "-75.12 EUR"
    assert money(None, "USD") == "—"


def test_times_are_shown_in_the_readers_zone() -> None:
    moment = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
    assert when(moment, "America/Chicago") == "Nov 18, 2026 09:00 CST"
    assert when(moment, "Europe/Berlin") == "Nov 18, 2026 16:00 CET"
    assert when(moment, "Not/AZone") == "Nov 18, 2026 15:00 UTC"
    assert day("2026-11-12") == "Nov 12, 2026"


def test_checks_summary_puts_hard_failures_first() -> None:
    passing = Check(rule="required_footer", passed=True, severity="hard")
    soft = Check(rule="quiet_hours", passed=False, severity="soft")
    hard = Check(rule="forbidden_phrases", passed=False, severity="hard")
    assert checks_summary([passing, passing]) == "all 2 pass"
    assert checks_summary([passing, soft]) == "1 soft flag"
    assert checks_summary([hard, soft, passing]) == "1 hard fail, 1 soft"
    waiting_for_manager = Check(rule="manager_approval", passed=False, severity="hard")
    assert checks_summary([passing, waiting_for_manager]) == "all 1 pass"
    assert "#c62828" in summary_style("1 hard fail, 1 soft")  # red
    assert "#177a3c" in summary_style("all 13 pass")  # green


def test_status_badges_are_coloured_by_meaning() -> None:
    assert badge("sent") == ":green-badge[sent]"
    assert badge("blocked") == ":red-badge[blocked]"
    assert badge("pending_review") == ":blue-badge[pending review]"


def test_ledger_text_cannot_turn_into_markdown_or_latex() -> None:
    assert escape_md("pay $1,200 to [us](x) <a@b.c>") == r"pay \$1,200 to \[us\](x) \<a@b.c\>"
