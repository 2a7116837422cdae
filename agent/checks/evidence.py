"""Claim-level evidence: every amount, date, percentage and invoice number must come from a trusted fact.

Evidence is what the trusted facts of the context pack hold — their machine-readable `values` and
every number written in their `text` — plus the company's own configured wording (payment
instructions, footer, names) and today's date. Untrusted facts (inbound customer text) never
support a claim, and neither do `similar_communication` facts: those are other accounts' messages,
precedents for style, not facts about this account.

Two rules come out of it:
- `claims_supported_by_facts` (HARD): amounts (to the cent), dates, percentages, invoice numbers.
- `counts_supported_by_facts` (SOFT): small integers with a unit ("10 days", "three instalments",
  "net 30") must equal an integer in the facts (days past due, payment terms, deadline days, plan
  count). Soft because such numbers are often generic ("allow 2 business days") and a wrong one
  rarely misstates what is owed; a failure still lowers the confidence and shows in the review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.checks.base import CheckInput, CheckResult, Severity, failed, passed
from agent.checks.claims import (
    Claim,
    extract_claims,
    integers_in,
    normalise_identifier,
    parse_amount,
    same_invoice,
)
from agent.facts import Fact

CLAIMS_RULE = "claims_supported_by_facts"
COUNTS_RULE = "counts_supported_by_facts"
NOT_EVIDENCE_KINDS = frozenset({"similar_communication"})
IDENTIFIER_KEYS = frozenset({"number", "invoice", "invoice_numbers", "po_number"})
PROBABILITY_KEYS = frozenset({"probability", "late_probability"})


@dataclass
class Evidence:
    """The values a claim may be matched against."""

    amounts: set[Decimal] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    percentages: set[Decimal] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    integers: set[int] = field(default_factory=set)

    def supports(self, claim: Claim) -> bool:
        """Whether some value here backs the claim exactly."""
        value = claim.value
        if claim.kind == "amount":
            return value in self.amounts
        if claim.kind == "percentage":
            return value in self.percentages
        if claim.kind == "invoice_number" and isinstance(value, str):
            return value in self.identifiers or (
                value.isdigit() and any(same_invoice(value, i) for i in self.identifiers)
            )
        if claim.kind == "count":
            return value in self.integers
        return isinstance(value, tuple) and self._supports_date(value)

    def _supports_date(self, key: tuple[object, ...]) -> bool:
        shape = key[0]
        if shape == "ymd":
            return key[1] in self.dates
        if shape == "either":
            return key[1] in self.dates or key[2] in self.dates
        if shape == "md":
            return any((d.month, d.day) == (key[1], key[2]) for d in self.dates)
        if shape == "ym":
            return any((d.year, d.month) == (key[1], key[2]) for d in self.dates)
        return False  # "invalid": a date that does not exist

    def add_text(self, text: str, *, currencies: Iterable[str] = ()) -> None:
        """Everything a text asserts, plus every integer written in it."""
        for claim in extract_claims(text, currencies=currencies):
            self._add_claim(claim)
        self.integers |= integers_in(text)

    def add_values(self, values: dict[str, Any]) -> None:
        """A fact's machine-readable values, read by key where the key says what a value means."""
        percent_fee = "percent" in str(values.get("late_fee_type") or "")
        for key, value in values.items():
            self._add_value(key, value, percent_fee=percent_fee)

    def _add_claim(self, claim: Claim) -> None:
        value = claim.value
        if claim.kind == "amount" and isinstance(value, Decimal):
            self.amounts.add(value)
        elif claim.kind == "percentage" and isinstance(value, Decimal):
            self.percentages.add(value)
        elif claim.kind == "invoice_number" and isinstance(value, str):
            self.identifiers.add(value)
        elif claim.kind == "count" and isinstance(value, int):
            self.integers.add(value)
        elif claim.kind == "date" and isinstance(value, tuple) and value[0] == "ymd":
            day = value[1]
            if isinstance(day, dt.date):
                self.dates.add(day)

    def _add_value(self, key: str, value: Any, *, percent_fee: bool) -> None:
        if value is None or isinstance(value, bool):
            return
        if isinstance(value, dict):
            self.add_values(value)
            return
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                self._add_value(key, item, percent_fee=percent_fee)
            return
        if key.endswith("pct") or "percent" in key or (key == "late_fee_value" and percent_fee):
            number = parse_amount(value) if not isinstance(value, float) else Decimal(str(value))
            if number is not None:
                self.percentages.add(number)
            return
        if isinstance(value, float):
            if key in PROBABILITY_KEYS:
                self.percentages |= {Decimal(round(value * 100)), Decimal(str(round(value * 100, 1)))}
            return
        if isinstance(value, dt.datetime):
            self.dates.add(value.date())
        elif isinstance(value, dt.date):
            self.dates.add(value)
        elif isinstance(value, int):
            self.integers.add(value)
        elif isinstance(value, Decimal):
            self.amounts.add(value)
        elif isinstance(value, str):
            self._add_string(value)

    def _add_string(self, value: str) -> None:
        text = value.strip()
        day = _iso_date(text)
        if day is not None:
            self.dates.add(day)
            return
        amount = parse_amount(text)
        if amount is not None:
            self.amounts.add(amount)
            if text.isdigit():
                self.integers.add(int(text))
        if text:
            self.identifiers.add(normalise_identifier(text))


def _iso_date(text: str) -> dt.date | None:
    if len(text) < 10 or text[4:5] != "-" or text[7:8] != "-":
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def known_identifiers(facts: list[Fact], extra: Iterable[str] = ()) -> set[str]:
    """Invoice (and PO, credit note) numbers any fact mentions: claims when they appear in a text."""
    found = set(extra)
    for fact in facts:
        for key, value in fact.values.items():
            if key in IDENTIFIER_KEYS:
                items = value if isinstance(value, list) else [value]
                found |= {str(item) for item in items if isinstance(item, str | int) and not isinstance(item, bool)}
    return found


def currencies_of(facts: list[Fact], extra: Iterable[str] = ()) -> set[str]:
    """Currency codes the facts use (so "1,200.00 XYZ" reads as an amount even for rare codes)."""
    return {str(f.values["currency"]) for f in facts if isinstance(f.values.get("currency"), str)} | set(extra)


def evidence_from_facts(facts: list[Fact], *, currencies: Iterable[str] = ()) -> Evidence:
    """What the given facts can support (the caller decides which facts are trusted)."""
    evidence = Evidence()
    codes = set(currencies) | currencies_of(facts)
    for fact in facts:
        evidence.add_values(fact.values)
        evidence.add_text(fact.text, currencies=codes)
        _, _, key = fact.source.partition(":")
        if key:
            evidence.identifiers.add(normalise_identifier(key))
    return evidence


def trusted(fact: Fact) -> bool:
    """Facts that may support a claim: not inbound customer text, not another account's message."""
    return not fact.untrusted and fact.kind not in NOT_EVIDENCE_KINDS


def evidence_for(inp: CheckInput) -> Evidence:
    """Trusted facts, the company's own configured wording, and today's date."""
    request = inp.request
    codes = {request.currency} | ({request.payment_plan.currency} if request.payment_plan else set())
    evidence = evidence_from_facts([f for f in request.facts if trusted(f)], currencies=codes)
    for fact in request.facts:
        # When an inbound message arrived is our own record; only what the customer wrote is untrusted.
        if fact.untrusted and fact.kind in ("communication", "similar_communication") and "at" in fact.values:
            evidence.add_values({"at": fact.values["at"]})
    configured = [
        request.payment_instructions,
        request.required_footer,
        inp.rules.required_footer,
        request.company_name,
        request.sender_name,
        request.customer_name,
        request.recipient_name or "",
        request.recipient_email or "",
        request.owner_email or "",
        str(request.extra.get("next_step") or ""),
    ]
    for text in configured:
        evidence.add_text(text, currencies=codes)
    evidence.identifiers.add(normalise_identifier(request.customer_external_id))
    evidence.percentages.add(Decimal(100))  # "100%" (in full) asserts nothing a fact must back
    evidence.dates |= {request.as_of.date(), inp.send_at.date()}
    try:
        zone = ZoneInfo(inp.customer_timezone)
        evidence.dates |= {request.as_of.astimezone(zone).date(), inp.send_at.astimezone(zone).date()}
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return evidence


def draft_claims(inp: CheckInput) -> list[Claim]:
    """Every claim in the subject and body."""
    request = inp.request
    numbers = [i.number for i in [*request.invoices, *request.disputed_invoices]]
    codes = currencies_of(request.facts, [request.currency])
    return extract_claims(inp.text, known_identifiers=known_identifiers(request.facts, numbers), currencies=codes)


def unsupported_claims(claims: list[Claim], evidence: Evidence) -> list[Claim]:
    """The claims no evidence backs."""
    return [claim for claim in claims if not evidence.supports(claim)]


def check_claims(inp: CheckInput) -> list[CheckResult]:
    """`claims_supported_by_facts` (hard) and `counts_supported_by_facts` (soft)."""
    claims = draft_claims(inp)
    evidence = evidence_for(inp)
    untrusted_only = evidence_from_facts([f for f in inp.request.facts if not trusted(f)])
    strong = [c for c in claims if c.kind != "count"]
    counts = [c for c in claims if c.kind == "count"]
    return [
        _verdict(CLAIMS_RULE, "hard", strong, evidence, untrusted_only),
        _verdict(COUNTS_RULE, "soft", counts, evidence, untrusted_only),
    ]


def _verdict(
    rule: str, severity: Severity, claims: list[Claim], evidence: Evidence, untrusted_only: Evidence
) -> CheckResult:
    missing = unsupported_claims(claims, evidence)
    if not missing:
        noun = "claim" if len(claims) == 1 else "claims"
        return passed(rule, severity, f"{len(claims)} {noun}, all supported")
    problems = []
    for claim in missing:
        where = " (only in untrusted inbound customer text)" if untrusted_only.supports(claim) else ""
        problems.append(f"{claim.describe()} not in any fact{where}")
    return failed(rule, severity, "; ".join(problems))
