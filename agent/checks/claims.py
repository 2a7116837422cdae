"""Claim extraction: every amount, date, percentage, invoice number and day count a text asserts.

The extractor runs in passes and blanks out what each pass consumed, so the digits of a date or an
invoice number are never read again as an amount: times, dates, invoice numbers, percentages,
"net N" terms, amounts, then counts ("10 days", "three instalments").

What counts as a claim:
- amount: a number written as money — with a currency symbol or code ("$1,200", "1200 USD",
  "USD 1,200.00", "€950,00"), with thousands separators ("9,000") or with exactly two decimals
  ("1,200.00", "950.00"). Bare integers ("2026", "4 pallets") are not amounts.
- date: ISO ("2026-11-12", with or without a time), "November 12, 2026", "Nov. 12", "12 November
  2026", "the 12th of November", "November 2026", and numeric "11/12/2026" (either reading).
- percentage: "1.5%", "25 %", "50 percent", "50 per cent".
- invoice number: uppercase letter/digit tokens ending in a dash and digits ("INV-20417", "NW-003",
  "C-1009"; not "W-9" or "COVID-19"), "#12" (two digits or more), "invoice 100234" (not a year or a
  short number before a unit), and any token equal to a known invoice number.
- count: an integer of 2 or more (digits or a word up to twelve) before day(s), week(s), month(s),
  instalment(s) or payment(s), or after "net" ("net 30").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Literal

ClaimKind = Literal["amount", "date", "percentage", "invoice_number", "count"]
# Date keys: ("ymd", date) | ("md", month, day) | ("ym", year, month) | ("either", date, date)
# | ("invalid", text)
DateKey = tuple[object, ...]
ClaimValue = Decimal | DateKey | str | int

CURRENCY_CODES = frozenset(
    {
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "NZD",
        "CHF",
        "JPY",
        "SEK",
        "NOK",
        "DKK",
        "MXN",
        "INR",
        "SGD",
        "HKD",
        "ZAR",
    }
)
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b(?![.,]\d))?"

# "10.30 am" is a time, but "1.01 AM-000" is an amount before an invoice number: am/pm must end the word.
_TIME = re.compile(
    r"(?<![\d.,])\d{1,2}[:.]\d{2}\s*(?:[ap]m(?![\w-])|[ap]\.m\.)|(?<![\d.,])\d{1,2}:\d{2}(?::\d{2})?\b", re.I
)
_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_SLASH = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}{_YEAR}", re.I)
_DAY_MONTH = re.compile(rf"(?<![\w.,]){_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+(?P<year>\d{{4}})\b(?![.,]\d)", re.I)
# Case-sensitive on purpose: "mid-2026" or "covid-19" in prose are not invoice numbers.
_CODE = re.compile(r"(?<![\w-])(?:[A-Z][A-Z0-9]{0,11}|[Ii]nv)(?:-[A-Z0-9]+)*-\d+(?![\w-])")
_HASH = re.compile(r"(?<![\w#])#\s?(?P<id>\d{2,})\b")  # "#12", not "priority #1"
# Codes that look like invoice numbers in prose but never are.
NOT_INVOICE_NUMBERS = frozenset({"W-2", "W-8", "W-9", "I-9", "COVID-19", "UTF-8", "ISO-8601", "SHA-256"})
_INVOICE_WORD = re.compile(
    r"\binvoices?\s+(?:(?:no\.?|number|num\.?|nr\.?|#)\s*:?\s*)?#?"
    r"(?P<id>[A-Za-z0-9][A-Za-z0-9/-]*\d[A-Za-z0-9-]*)(?![\w-]|[.,]\d)(?P<after>\s+\w+)?",
    re.I,
)
_PERCENT = re.compile(r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per\s+cent\b)", re.I)
_UNIT = r"(?:(?:business|calendar|working)\s+)?(?P<unit>days?|weeks?|months?|instal+ments?|payments?)\b"
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + ")"
_COUNT = re.compile(
    rf"(?<![\w.,-]){_NUMBER}(?:-|\s+)(?:(?:equal|monthly|weekly|further|more|additional|consecutive)\s+)?{_UNIT}",
    re.I,
)
_NET = re.compile(r"\bnet[\s-]?(?P<n>\d{1,3})\b", re.I)
_UNIT_WORD = re.compile(r"\s+(?:days?|weeks?|months?|business|calendar|working)\b", re.I)
_NUM = (
    r"(?P<num>\d{1,3}(?:\.\d{3})+,\d{2}(?![\d,])"  # 1.200,00
    r"|\d+,\d{2}(?![\d,])"  # 950,00
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,200 / 1,200.00
    r"|\d+(?:\.\d+)?)"  # 1200 / 1200.00
)


@dataclass(frozen=True)
class Claim:
    """One checkable assertion in a text: its kind, how it was written and its normalised value."""

    kind: ClaimKind
    written: str
    value: ClaimValue

    def describe(self) -> str:
        """How a reviewer reads it: "amount 150.00", "date 2026-12-24", "percentage 50%"."""
        if self.kind == "amount" and isinstance(self.value, Decimal):
            return f"amount {self.value:,.2f}"
        if self.kind == "date" and isinstance(self.value, tuple) and self.value[0] == "ymd":
            return f"date {self.value[1]}"
        if self.kind == "percentage" and isinstance(self.value, Decimal):
            return f"percentage {_plain(self.value)}%"
        if self.kind == "invoice_number":
            return f"invoice number {self.written}"
        if self.kind == "count":
            return f"count '{self.written}'"
        return f"{self.kind} '{self.written}'"


def extract_claims(
    text: str,
    *,
    known_identifiers: Iterable[str] = (),
    currencies: Iterable[str] = (),
) -> list[Claim]:
    """Every claim in `text`, one per value, in the order of the extraction passes."""
    extractor = _Extractor(text)
    extractor.blank(_TIME)
    _dates(extractor)
    _identifiers(extractor, known_identifiers)
    extractor.take(_PERCENT, _percent_claim)
    extractor.take(_NET, lambda m: Claim("count", m.group(0), int(m.group("n"))))
    codes = CURRENCY_CODES | {c.upper() for c in currencies if re.fullmatch(r"[A-Za-z]{3}", c)}
    extractor.take(_amount_pattern(frozenset(codes)), _amount_claim)
    extractor.take(_COUNT, _count_claim)
    unique: dict[tuple[str, ClaimValue], Claim] = {}
    for claim in extractor.claims:
        unique.setdefault((claim.kind, claim.value), claim)  # "$1,200" and "1,200.00 USD" are one claim
    return list(unique.values())


def integers_in(text: str) -> set[int]:
    """Every integer written in `text` (for evidence: "45 days past due", "Dispute #12")."""
    return {int(n) for n in re.findall(r"(?<![\d.,])\d{1,6}(?![\d])", text)}


def parse_amount(value: object) -> Decimal | None:
    """A money value from a fact ("1200.00", Decimal, "1,200.00"); None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, str | Decimal | int):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


class _Extractor:
    """Walks the text pass by pass, blanking each consumed span so later passes cannot reread it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.claims: list[Claim] = []

    def blank(self, pattern: re.Pattern[str]) -> None:
        """Consume every match without a claim (times of day)."""
        for match in list(pattern.finditer(self.text)):
            self._consume(match)

    def take(self, pattern: re.Pattern[str], make: Callable[[re.Match[str]], Claim | None]) -> None:
        """Record a claim per match; a match `make` turns down stays readable for later passes."""
        for match in list(pattern.finditer(self.text)):
            claim = make(match)
            if claim is not None:
                self.claims.append(claim)
                self._consume(match)

    def _consume(self, match: re.Match[str]) -> None:
        start, end = match.span()
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]


def _dates(extractor: _Extractor) -> None:
    extractor.take(_ISO, lambda m: Claim("date", m.group(0), _ymd(m.group("y"), m.group("m"), m.group("d"))))
    extractor.take(_SLASH, _slash_claim)
    extractor.take(_MONTH_DAY, _long_date_claim)
    extractor.take(_DAY_MONTH, _long_date_claim)
    extractor.take(
        _MONTH_YEAR,
        lambda m: Claim("date", m.group(0), ("ym", int(m.group("year")), _MONTHS[m.group("month").lower()])),
    )


def _identifiers(extractor: _Extractor, known: Iterable[str]) -> None:
    extractor.take(_CODE, _code_claim)
    tokens = sorted({k.strip() for k in known if len(k.strip()) >= 3 and any(c.isdigit() for c in k)}, key=len)
    for token in reversed(tokens):  # longest first, so "INV-1" never claims part of "INV-10"
        pattern = re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])", re.I)
        extractor.take(pattern, lambda m: Claim("invoice_number", m.group(0), normalise_identifier(m.group(0))))
    extractor.take(_HASH, lambda m: Claim("invoice_number", m.group(0), m.group("id")))
    extractor.take(_INVOICE_WORD, _invoice_word_claim)


def normalise_identifier(token: str) -> str:
    """Identifiers compare case-insensitively and without a leading '#'."""
    return token.strip().lstrip("#").strip().upper()


def _code_claim(match: re.Match[str]) -> Claim | None:
    token = normalise_identifier(match.group(0))
    return None if token in NOT_INVOICE_NUMBERS else Claim("invoice_number", match.group(0), token)


def same_invoice(claimed: str, number: str) -> bool:
    """Whether an identifier as written names this invoice: "INV-20301", "inv-20301", or just "20301"."""
    claimed, number = normalise_identifier(claimed), normalise_identifier(number)
    return claimed == number or (claimed.isdigit() and number.endswith(f"-{claimed}"))


def _invoice_word_claim(match: re.Match[str]) -> Claim | None:
    token = match.group("id")
    after = match.group("after") or ""
    # "the invoice 45 days past due" is a count and "your invoice 2026 statement" a year: both left alone.
    if token.isdigit() and (len(token) < 4 or _UNIT_WORD.match(after) or 1900 <= int(token) <= 2100):
        return None
    return Claim("invoice_number", token, normalise_identifier(token))


def _ymd(year: str, month: str, day: str) -> DateKey:
    try:
        return ("ymd", dt.date(int(year), int(month), int(day)))
    except ValueError:
        return ("invalid", f"{year}-{month}-{day}")


def _slash_claim(match: re.Match[str]) -> Claim:
    a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    readings = []
    for month, day in ((a, b), (b, a)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            pass
    if not readings:
        return Claim("date", match.group(0), ("invalid", match.group(0)))
    if len(readings) == 1 or readings[0] == readings[1]:
        return Claim("date", match.group(0), ("ymd", readings[0]))
    return Claim("date", match.group(0), ("either", readings[0], readings[1]))


def _long_date_claim(match: re.Match[str]) -> Claim:
    month = _MONTHS[match.group("month").lower()]
    day = int(match.group("day"))
    year = match.group("year")
    if year is None:
        valid = 1 <= day <= 31 and (month, day) not in {(2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31)}
        return Claim("date", match.group(0).strip(), ("md", month, day) if valid else ("invalid", match.group(0)))
    return Claim("date", match.group(0).strip(), _ymd(year, str(month), str(day)))


def _percent_claim(match: re.Match[str]) -> Claim:
    number = match.group("n").replace(",", ".")
    return Claim("percentage", match.group(0), Decimal(number))


@cache
def _amount_pattern(codes: frozenset[str]) -> re.Pattern[str]:
    code = "(?:" + "|".join(sorted(codes)) + ")"
    return re.compile(
        rf"(?:(?P<pre>[$€£]\s?|\b{code}\s?)|(?<![\w.,])){_NUM}(?!\w|[.,]\d)(?P<post>\s?{code}\b|\s?[$€£])?"
    )


def _amount_claim(match: re.Match[str]) -> Claim | None:
    num = match.group("num")
    european = re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d{2}|\d+,\d{2}", num) is not None
    money_shaped = european or "," in num or re.fullmatch(r"\d+\.\d{2}", num) is not None
    if not (match.group("pre") or match.group("post") or money_shaped):
        return None  # a bare number ("2026", "4 pallets") asserts no amount
    normalised = num.replace(".", "").replace(",", ".") if european else num.replace(",", "")
    return Claim("amount", match.group(0).strip(), Decimal(normalised))


def _count_claim(match: re.Match[str]) -> Claim | None:
    raw = match.group("n").lower()
    number = _NUMBER_WORDS[raw] if raw in _NUMBER_WORDS else int(raw)
    if number < 2:
        return None  # "1 payment", "one month" are too generic to assert anything
    return Claim("count", match.group(0), number)


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
