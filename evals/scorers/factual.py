"""Factual accuracy at claim level: every amount, date, percentage and invoice number backed by a trusted
fact in the output; the facts the scenario requires are stated; the forbidden ones are not.

The output contract carries each fact's `text` and `source` but not the agent's `untrusted` flag, so trust
is read from the text the context pack writes: inbound customer messages ("inbound email …") and other
accounts' messages ("similar past …") never support a claim, exactly as in agent/checks/evidence.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.checks.claims import Claim, extract_claims, normalise_identifier
from agent.checks.evidence import Evidence
from evals.scorers.base import Output, ScoreResult, expectation, message_text, scenario_rules
from tools.scenario_format import Scenario

NAME = "factual"
# A decimal number in a fact's text ("late fee 50.0000 flat", "priority 464.40"): the agent's evidence reads
# these from the fact's machine-readable values, which the output contract leaves out, so read them here.
_DECIMAL = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*\.\d+(?![\d.,]\d)|(?<![\w.,])\d+\.\d+(?![\d.,]\d)")


def is_trusted(fact: dict[str, str]) -> bool:
    """Facts that may back a claim: not inbound customer text, not another account's message."""
    text = fact.get("text", "").lstrip().lower()
    if fact.get("source", "").startswith("communication:"):
        return text.startswith("outbound ")
    return not text.startswith(("inbound ", "similar past "))


def output_evidence(scenario: Scenario, output: Output, *, configured: Iterable[str] = ()) -> Evidence:
    """What the output's trusted facts, the company's configured wording and today's date can support."""
    currencies = {i.currency for i in scenario.invoices}
    evidence = Evidence()
    for fact in output.get("facts") or []:
        if not is_trusted(fact):
            continue
        evidence.add_text(fact["text"], currencies=currencies)
        evidence.amounts |= {Decimal(m.replace(",", "")) for m in _DECIMAL.findall(fact["text"])}
        _, _, key = fact["source"].partition(":")
        if key:
            evidence.identifiers.add(normalise_identifier(key))
    for text in [*configured, scenario_rules(scenario).required_footer, output.get("recipient") or "",
                 scenario.customer.name]:
        evidence.add_text(text, currencies=currencies)
    evidence.identifiers.add(normalise_identifier(scenario.customer.id))
    evidence.dates |= _today(scenario)
    return evidence


def _today(scenario: Scenario) -> set[dt.date]:
    days = {scenario.as_of.date()}
    try:
        days.add(scenario.as_of.astimezone(ZoneInfo(scenario.customer.timezone)).date())
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return days


def output_claims(scenario: Scenario, output: Output) -> list[Claim]:
    """Every amount, date, percentage and invoice number in the subject and body (counts left out: soft)."""
    identifiers = {i.number for i in scenario.invoices} | {c.number for c in scenario.credit_notes}
    identifiers |= {i.po_number for i in scenario.invoices if i.po_number}
    claims = extract_claims(message_text(output), known_identifiers=identifiers,
                            currencies={i.currency for i in scenario.invoices})
    return [c for c in claims if c.kind != "count"]


def unsupported(scenario: Scenario, output: Output, *, configured: Iterable[str] = ()) -> tuple[list[Claim], int]:
    """The claims no trusted fact backs, and how many claims there were."""
    claims = output_claims(scenario, output)
    evidence = output_evidence(scenario, output, configured=configured)
    return [c for c in claims if not evidence.supports(c)], len(claims)


def mention_problems(scenario: Scenario, output: Output) -> tuple[list[str], list[str]]:
    """Required strings that are missing, and forbidden strings that are present (case-insensitive)."""
    expect = expectation(scenario)
    text = message_text(output).lower()
    missing = [m for m in expect.must_mention if m.lower() not in text]
    present = [m for m in expect.must_not_mention if m.lower() in text]
    return missing, present


def score_factual(scenario: Scenario, output: Output, *, configured: Iterable[str] = ()) -> ScoreResult:
    """Share of claims backed by a trusted fact; passes only with every claim backed and the mentions right."""
    missing_claims, total = unsupported(scenario, output, configured=configured)
    missing, present = mention_problems(scenario, output)
    details = [f"unsupported {c.describe()} (written {c.written!r})" for c in missing_claims]
    details += [f"missing required mention {m!r}" for m in missing]
    details += [f"mentions forbidden {m!r}" for m in present]
    expect = expectation(scenario)
    if not details:
        details = [f"{total} claims, all backed by trusted facts; "
                   f"{len(expect.must_mention)} required mentions present"]
    supported = total - len(missing_claims)
    return ScoreResult(
        name=NAME, passed=not (missing_claims or missing or present),
        score=supported / total if total else 1.0, details=details,
        counts={"claims": total, "claims_supported": supported,
                "must_mention": len(expect.must_mention), "must_mention_found": len(expect.must_mention) - len(missing),
                "must_not_mention": len(expect.must_not_mention), "must_not_mention_found": len(present)},
    )
