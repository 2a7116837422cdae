"""Cell parsers for the fields of table imports (each returns None for an empty cell, raises ValueError)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tools.importers.readers import Cell, cell_text

T = TypeVar("T")
SEGMENTS = ("standard", "strategic", "small_business", "high_risk", "government")
CONTACT_ROLES = ("billing", "ap", "owner", "other")
LATE_FEE_TYPES = ("percent_per_month", "flat")


def text(max_len: int, *, upper: bool = False) -> Callable[[Cell], str | None]:
    """A parser of trimmed text of at most `max_len` characters (upper-cased if asked)."""
    def parse(cell: Cell) -> str | None:
        value = cell.strip() if isinstance(cell, str) else cell_text(cell)
        if not value:
            return None
        if len(value) > max_len:
            raise ValueError(f"{value[:24]!r}… is {len(value)} characters; at most {max_len} fit")
        return value.upper() if upper else value

    return parse


def _blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def optional(parse: Callable[[Cell], T]) -> Callable[[Cell], T | None]:
    """`parse`, except that a blank cell gives None."""
    def wrapped(cell: Cell) -> T | None:
        return None if _blank(cell) else parse(cell)

    return wrapped


def currency(cell: Cell) -> str | None:
    """A three-letter currency code, upper-cased."""
    value = cell_text(cell).upper()
    if not value:
        return None
    if len(value) != 3 or not value.isalpha() or not value.isascii():
        raise ValueError(f"{value!r} is not a three-letter currency code such as USD or EUR")
    return value


def choice(options: Sequence[str]) -> Callable[[Cell], str | None]:
    """A parser of one of `options` (case, spaces and hyphens do not matter)."""
    def parse(cell: Cell) -> str | None:
        value = "_".join(cell_text(cell).casefold().replace("-", " ").split())
        if not value:
            return None
        if value not in options:
            raise ValueError(f"{cell_text(cell)!r} is not one of: {', '.join(options)}")
        return value

    return parse


def email(cell: Cell) -> str | None:
    """An email address."""
    value = text(200)(cell)
    if value is not None and ("@" not in value or " " in value):
        raise ValueError(f"{value!r} is not an email address")
    return value


_zones: dict[str, bool] = {}


def timezone(cell: Cell) -> str | None:
    """An IANA time zone name."""
    value = cell_text(cell)
    if not value:
        return None
    if value not in _zones:
        try:
            ZoneInfo(value)
            _zones[value] = True
        except (ZoneInfoNotFoundError, ValueError):
            _zones[value] = False
    if not _zones[value]:
        raise ValueError(f"{value!r} is not an IANA time zone such as America/Chicago")
    return value


def terms_days(cell: Cell) -> int | None:
    """Payment terms in days, 0 to 365 (`30`, `Net 30`, `30 days`)."""
    value = cell_text(cell).casefold().removeprefix("net").strip().removesuffix("days").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 <= int(value) <= 365:
        raise ValueError(f"{cell_text(cell)!r} is not a number of days between 0 and 365 (or 'Net 30')")
    return int(value)


def fee_value(cell: Cell) -> Decimal | None:
    """A positive late-fee value with at most four decimals (a trailing % is allowed)."""
    value = cell_text(cell).rstrip("%").strip()
    if not value:
        return None
    try:
        fee = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not fee.is_finite() or not 0 < fee < 1_000_000 or fee != fee.quantize(Decimal("0.0001")):
        raise ValueError(f"{value!r} must be a positive number with at most four decimals")
    return fee
