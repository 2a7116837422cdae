"""Claim extraction: every format our drafters (and models) write is found, and prose is not a claim."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agent.checks.claims import Claim, extract_claims


def values(text: str, kind: str, **kwargs: object) -> list[object]:
    return [c.value for c in extract_claims(text, **kwargs) if c.kind == kind]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("a balance of 1,200.00 USD", "1200.00"),
        ("a balance of 1,200.00.", "1200.00"),
        ("please pay $1,200 today", "1200"),
        ("please pay 1200.00 USD", "1200.00"),
        ("please pay USD 1,200.00", "1200.00"),
        ("please pay USD1200", "1200"),
        ("a balance of 9,000", "9000"),
        ("Betrag €950,00 offen", "950.00"),
        ("Betrag 1.200,00 EUR offen", "1200.00"),
        ("instalments of 716.67, 716.67 and 716.66", "716.67"),
        ("£45.10 outstanding", "45.10"),
    ],
)
def test_extract_claims_reads_amounts_in_every_written_format(text: str, amount: str) -> None:
    assert Decimal(amount) in values(text, "amount")


@pytest.mark.parametrize(
    "text",
    [
        "We shipped 4 pallets in 2026.",
        "Call us on +1 555-010-0199 between 9:30 am and 17:00.",
        "A rate of 1.5 per month",  # one decimal and no currency: not money
        "Reference 000123456, routing 021000021",
    ],
)
def test_extract_claims_does_not_read_prose_numbers_as_amounts(text: str) -> None:
    assert values(text, "amount") == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("due 2026-11-12", ("ymd", dt.date(2026, 11, 12))),
        ("sent 2026-11-10T18:05:00+00:00", ("ymd", dt.date(2026, 11, 10))),
        ("due November 12, 2026", ("ymd", dt.date(2026, 11, 12))),
        ("due 12 November 2026", ("ymd", dt.date(2026, 11, 12))),
        ("due Nov. 12", ("md", 11, 12)),
        ("due Nov 12", ("md", 11, 12)),
        ("due on the 12th of November", ("md", 11, 12)),
        ("your March 2026 invoice", ("ym", 2026, 3)),
        ("due 11/12/2026", ("either", dt.date(2026, 11, 12), dt.date(2026, 12, 11))),
        ("due 11/30/2026", ("ymd", dt.date(2026, 11, 30))),
        ("due November 31, 2026", ("invalid", "2026-11-31")),
    ],
)
def test_extract_claims_reads_dates(text: str, key: tuple[object, ...]) -> None:
    assert values(text, "date") == [key]


def test_extract_claims_does_not_reread_date_digits_as_other_claims() -> None:
    claims = extract_claims("Invoice INV-20301 was due on November 12, 2026 (2026-11-12).")
    assert {c.kind for c in claims} == {"invoice_number", "date"}


@pytest.mark.parametrize(
    ("text", "pct"),
    [("1.5% per month", "1.5"), ("25 % first", "25"), ("a 50 percent discount", "50"), ("50 per cent", "50")],
)
def test_extract_claims_reads_percentages(text: str, pct: str) -> None:
    assert values(text, "percentage") == [Decimal(pct)]


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("invoice INV-20417 is open", "INV-20417"),
        ("NW-003 and", "NW-003"),
        ("(GF-001)", "GF-001"),
        ("Dispute #12345 is open", "12345"),
        ("invoice number 100234 is open", "100234"),
        ("Invoice no. A7781 is open", "A7781"),
    ],
)
def test_extract_claims_reads_invoice_numbers(text: str, identifier: str) -> None:
    assert values(text, "invoice_number") == [identifier]


def test_extract_claims_reads_known_invoice_numbers_without_a_dash() -> None:
    assert values("payment for 7781234 received", "invoice_number", known_identifiers=["7781234"]) == ["7781234"]


@pytest.mark.parametrize(
    "text",
    [
        "by mid-2026",
        "COVID-19 delays",
        "the invoice 45 days past due",
        "follow-up",
        "please send your W-9 form",
        "this is our priority #1",
        "your invoice 2026 statement",
    ],
)
def test_extract_claims_does_not_read_prose_as_invoice_numbers(text: str) -> None:
    assert values(text, "invoice_number") == []


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("within 10 days", 10),
        ("within 10 business days", 10),
        ("30-day terms", 30),
        ("net 30", 30),
        ("in three monthly instalments", 3),
        ("3 installments", 3),
        ("45 days past due", 45),
    ],
)
def test_extract_claims_reads_counts_with_units(text: str, count: int) -> None:
    assert values(text, "count") == [count]


def test_extract_claims_ignores_one_of_anything() -> None:
    assert values("in one payment, or 1 month from now", "count") == []


def test_extract_claims_reports_each_value_once_in_the_first_form_written() -> None:
    claims = extract_claims("1,200.00 USD, that is $1,200 (1200.00)")
    assert claims == [Claim("amount", "1,200.00 USD", Decimal("1200.00"))]
