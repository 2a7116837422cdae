"""The one Jinja2 environment every prompt and message template is rendered through."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined

PROMPTS_DIR = Path(__file__).resolve().parent

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_CENTS = Decimal("0.01")
# Inbound text must not be able to close (or open) the fence it is rendered inside.
_FENCE_TAG_START = re.compile(r"<(?=\s*/?\s*untrusted)", re.IGNORECASE)


def _require_defined(value: object) -> None:
    # Filters see an Undefined before StrictUndefined can complain; raise its error, not a TypeError.
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()


def money(amount: Decimal | int | str) -> str:
    """Format an amount the way every message writes it: 1200 → "1,200.00"."""
    _require_defined(amount)
    # A float has already lost cents somewhere upstream; refuse it rather than print a wrong amount.
    if isinstance(amount, float):
        raise TypeError(f"money() takes Decimal, int or str, not float ({amount!r})")
    value = Decimal(amount).quantize(_CENTS, rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


def date_long(value: dt.date) -> str:
    """Format a date as "November 12, 2026"."""
    _require_defined(value)
    # Month names come from a table, not strftime("%B"), so the server locale cannot change a letter.
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def date_iso(value: dt.date) -> str:
    """Format a date (or the date part of a datetime) as "2026-11-12"."""
    _require_defined(value)
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.isoformat()


def defang_fence(text: str) -> str:
    """Break anything in untrusted text that looks like a fence tag, so it reads as text, not markup."""
    _require_defined(text)
    return _FENCE_TAG_START.sub("&lt;", text)


@cache
def environment() -> Environment:
    """The shared environment: files from prompts/, strict undefined, no autoescape."""
    env = Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        autoescape=False,  # prompts and plain-text emails, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(money=money, date_long=date_long, date_iso=date_iso, defang_fence=defang_fence)
    return env


def render(template_name: str, **variables: Any) -> str:
    """Render prompts/<template_name> with the given variables; a missing variable raises."""
    return environment().get_template(template_name).render(**variables)


def template_names() -> list[str]:
    """Every template in prompts/, for the test that renders them all."""
    return sorted(name for name in environment().list_templates() if name.endswith(".j2"))
