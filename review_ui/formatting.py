"""How values read at a glance: money with its currency, times in the reader's zone, status colours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from review_ui.models import Check

# Streamlit's named colours, by what a status means for the reader.
STATUS_COLOURS = {
    "pending_review": "blue", "snoozed": "gray", "approved": "green", "sent": "green", "scheduled": "green",
    "edited": "blue", "rejected": "orange", "superseded": "violet", "skipped": "gray", "blocked": "red",
    "send_failed": "red", "refused": "red", "running": "blue", "finished": "green", "open": "orange",
    "resolved": "green", "pending": "blue", "kept": "green", "broken": "red",
}
TIER_COLOURS = {"pre_due": "gray", "T1": "green", "T2": "blue", "T3": "orange", "T4": "red", "T5": "violet"}
AGING_LABELS = {"current": "Current", "days_1_30": "1–30 days", "days_31_60": "31–60 days",
                "days_61_90": "61–90 days", "over_90": "Over 90 days"}


def money(amount: Decimal | float | str | None, currency: str = "") -> str:
    """1200 → "1,200.00 USD"; an empty amount reads as an em dash."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    return f"{value:,.2f} {currency}".strip()


def zone(name: str | None) -> ZoneInfo:
    """The named time zone, or UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def today(tz: str | None) -> dt.date:
    """Today's date where the reader is."""
    return dt.datetime.now(zone(tz)).date()


def when(value: dt.datetime | None, tz: str | None, *, short: bool = False) -> str:
    """A moment in the reader's zone: "Nov 18, 2026 09:00 CST" (short: "Nov 18 09:00")."""
    if value is None:
        return "—"
    if value.tzinfo is None:  # the API sends aware times; a naive one is UTC by contract
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone(tz)).strftime("%b %d %H:%M" if short else "%b %d, %Y %H:%M %Z")


def day(value: dt.date | str | None) -> str:
    """A calendar date: "Nov 12, 2026"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%b %d, %Y")


def badge(text: str | None, colour: str | None = None) -> str:
    """Streamlit markdown for a coloured badge; the colour follows the status unless given."""
    if not text:
        return ""
    return f":{colour or STATUS_COLOURS.get(text, 'gray')}-badge[{text.replace('_', ' ')}]"


def tier_badge(tier: str | None) -> str:
    return badge(tier or "no tier", TIER_COLOURS.get(tier or "", "gray"))


def escape_md(text: str) -> str:
    """Data shown through st.markdown: no accidental emphasis, links, colour directives or LaTeX ($)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>$#|~:" else ch for ch in text)


def label(code: str) -> str:
    """snake_case code → words: "offer_payment_plan" → "offer payment plan"."""
    return code.replace("_", " ")


# Text colours for table cells (pandas Styler), matching Streamlit's named colours.
CSS_COLOURS = {"green": "#177a3c", "red": "#c62828", "orange": "#b35900", "blue": "#1565c0", "gray": "#616161",
               "violet": "#6a1b9a"}


ROUTING_CHECKS = {"manager_approval"}  # not a defect in the text: it says who must approve


def check_colour(check: Check) -> str:
    if check.passed:
        return "green"
    return "red" if check.severity == "hard" and check.rule not in ROUTING_CHECKS else "orange"


def check_verdict(check: Check) -> str:
    if check.passed:
        return "pass"
    if check.rule in ROUTING_CHECKS:
        return "needs manager"
    return "FAIL" if check.severity == "hard" else "flag"


def checks_summary(checks: list[Check]) -> str:
    """One glance at a draft's checks: "all 13 pass", "1 hard fail", "2 soft flags". A pending manager
    approval is not a defect and is shown apart, so it is left out of the count."""
    checks = [c for c in checks if c.passed or c.rule not in ROUTING_CHECKS]
    hard = sum(1 for c in checks if not c.passed and c.severity == "hard")
    soft = sum(1 for c in checks if not c.passed and c.severity != "hard")
    if hard:
        return f"{hard} hard fail" + (f", {soft} soft" if soft else "")
    if soft:
        return f"{soft} soft flag" + ("s" if soft > 1 else "")
    return f"all {len(checks)} pass"


def summary_style(text: object) -> str:
    """CSS for a checks-summary, check-verdict or status cell, so failures stand out in a table."""
    value = str(text)
    if "hard fail" in value or value == "FAIL":
        colour = "red"
    elif "soft flag" in value or value in ("flag", "needs manager"):
        colour = "orange"
    elif value.startswith("all ") or value == "pass":
        colour = "green"
    else:
        colour = STATUS_COLOURS.get(value.replace(" ", "_"), "gray")
    return f"color: {CSS_COLOURS[colour]}; font-weight: 600"


def confidence_colour(confidence: float, flag_below: float = 0.6) -> str:
    if confidence < flag_below:
        return "red"
    return "orange" if confidence < flag_below + 0.15 else "green"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def plain(value: Any) -> str:
    """A cell value as text for a source-record table."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)
