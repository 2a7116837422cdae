"""What a message may say: no disputed invoice, no fee without a clause, legal wording only from its
tier, no forbidden phrase, and the required footer.

Internal notes are read by colleagues, so they may name a disputed invoice and need no footer; the
fee and legal-wording rules still apply to call-task talking points, which the owner says to the
customer on the phone. Forbidden phrases are forbidden everywhere.
"""

from __future__ import annotations

import re
from decimal import Decimal

from agent.checks.base import (
    INTERNAL,
    CheckInput,
    CheckResult,
    failed,
    found_phrases,
    passed,
)
from agent.checks.claims import extract_claims, same_invoice
from prompts.environment import money
from tools.rules import tier_rank

DISPUTED_RULE = "no_disputed_invoice_demanded"
FEE_RULE = "no_fee_without_clause"
LEGAL_RULE = "legal_wording_tier"
FORBIDDEN_RULE = "forbidden_phrases"
FOOTER_RULE = "required_footer"

_FEE = re.compile(
    r"\b(?:late[\s-]+(?:payment\s+)?(?:fees?|charges?|interest|penalt(?:y|ies))"
    r"|(?:finance|penalty|administrative|admin|collection|service|late)\s+charges?"
    r"|fees?|penalt(?:y|ies)|surcharges?"
    r"|charges?\s+(?:for|on)\s+(?:late|overdue)\s+payments?"
    r"|charge\s+(?:you|your\s+account)"
    r"|\d+(?:\.\d+)?\s*%\s*(?:per|a|each)\s+(?:month|year|annum)"
    r"|interest)\b",
    re.IGNORECASE,
)
# "interest" in the sense of concern, not of a charge: "in the interest of", "in your best interest",
# "of interest", "your interest in", "interested" (the \b above already excludes "interested").
_INTEREST_IDIOM_BEFORE = re.compile(
    r"(?:\b(?:in|to)\s+(?:the\s+|your\s+|our\s+|their\s+|everyone'?s\s+|both\s+(?:of\s+)?our\s+)?"
    r"(?:best\s+|mutual\s+|shared\s+|common\s+)?|\b(?:mutual|shared|common|best)\s+|\bof\s+)$",
    re.IGNORECASE,
)
_INTEREST_IDIOM_AFTER = re.compile(r"^\s+in\b", re.IGNORECASE)


def fee_mentions(text: str) -> list[str]:
    """The fee, interest or penalty wording in `text` (idioms like "in the interest of" excluded)."""
    found = []
    for match in _FEE.finditer(text):
        word = match.group(0)
        if word.lower() == "interest" and (
            _INTEREST_IDIOM_BEFORE.search(text[: match.start()]) or _INTEREST_IDIOM_AFTER.match(text[match.end() :])
        ):
            continue
        found.append(word)
    return list(dict.fromkeys(w.lower() for w in found))


def check_disputed(inp: CheckInput) -> CheckResult:
    """HARD: a customer-facing message names no disputed invoice, nor an amount only a disputed one owes."""
    request = inp.request
    if inp.internal:
        return passed(DISPUTED_RULE, "hard", f"{INTERNAL}: a colleague may read about the dispute")
    disputed = request.disputed_invoices
    if not disputed:
        return passed(DISPUTED_RULE, "hard", "no disputed invoices")
    problems = []
    demanded_disputed = {i.number for i in request.invoices} & {i.number for i in disputed}
    problems += [f"disputed invoice {n} is in the demanded invoices" for n in sorted(demanded_disputed)]
    claims = extract_claims(inp.text, known_identifiers=[i.number for i in disputed], currencies=[request.currency])
    named = {c.value for c in claims if c.kind == "invoice_number" and isinstance(c.value, str)}
    amounts = {c.value for c in claims if c.kind == "amount"}
    problems += [
        f"mentions disputed invoice {i.number}" for i in disputed if any(same_invoice(n, i.number) for n in named)
    ]
    # An amount the undisputed invoices or the plan also owe proves nothing; only disputed-only amounts fail.
    legitimate = _legitimate_amounts(inp)
    for invoice in disputed:
        for amount in dict.fromkeys([invoice.balance, invoice.amount]):
            if amount in amounts and amount not in legitimate:
                problems.append(f"mentions {money(amount)}, an amount of disputed invoice {invoice.number}")
    with_disputed = request.total_due + sum((i.balance for i in disputed), Decimal("0"))
    if with_disputed in amounts and with_disputed not in legitimate:
        problems.append(f"mentions {money(with_disputed)}, a total that includes disputed invoices")
    if problems:
        return failed(DISPUTED_RULE, "hard", "; ".join(dict.fromkeys(problems)))
    numbers = ", ".join(i.number for i in disputed)
    return passed(DISPUTED_RULE, "hard", f"disputed {numbers} not mentioned")


def _legitimate_amounts(inp: CheckInput) -> set[Decimal]:
    request = inp.request
    amounts = {request.total_due}
    for invoice in request.invoices:
        amounts |= {invoice.balance, invoice.amount}
    if request.payment_plan:
        amounts |= {request.payment_plan.total, *(i.amount for i in request.payment_plan.installments)}
    return amounts


def check_fees(inp: CheckInput) -> CheckResult:
    """HARD: fees, interest or penalties only with a contract clause, and only from `fees_from_tier`."""
    if not inp.read_by_customer:
        return passed(FEE_RULE, "hard", f"{INTERNAL}: not read by the customer")
    mentions = fee_mentions(inp.text)
    if not mentions:
        return passed(FEE_RULE, "hard", "no fee, interest or penalty mentioned")
    words = ", ".join(f"'{m}'" for m in mentions)
    clause = inp.request.late_fee_clause
    if not clause:
        return failed(FEE_RULE, "hard", f"mentions {words} but the contract has no late-fee clause")
    tier = inp.request.tier
    if tier_rank(tier) < tier_rank(inp.rules.fees_from_tier):
        return failed(
            FEE_RULE,
            "hard",
            f"mentions {words} at tier {tier or 'none'}; fees only from {inp.rules.fees_from_tier}",
        )
    return passed(FEE_RULE, "hard", f"mentions {words}; the contract's clause ({clause}) allows it at {tier}")


def check_legal_wording(inp: CheckInput) -> CheckResult:
    """HARD: legal or agency wording only at or above `legal_wording_from_tier`."""
    if not inp.read_by_customer:
        return passed(LEGAL_RULE, "hard", f"{INTERNAL}: not read by the customer")
    found = found_phrases(inp.text, inp.rules.legal_phrases)
    if not found:
        return passed(LEGAL_RULE, "hard", "no legal or agency wording")
    tier = inp.request.tier
    words = ", ".join(f"'{p}'" for p in found)
    if tier_rank(tier) < tier_rank(inp.rules.legal_wording_from_tier):
        return failed(
            LEGAL_RULE,
            "hard",
            f"legal wording {words} at tier {tier or 'none'}; allowed only from {inp.rules.legal_wording_from_tier}",
        )
    return passed(LEGAL_RULE, "hard", f"legal wording {words} allowed at {tier}")


def check_forbidden_phrases(inp: CheckInput) -> CheckResult:
    """HARD: none of the forbidden phrases, as whole phrases, in any case."""
    found = found_phrases(inp.text, inp.rules.forbidden_phrases)
    if found:
        return failed(FORBIDDEN_RULE, "hard", "forbidden: " + ", ".join(f"'{p}'" for p in found))
    return passed(FORBIDDEN_RULE, "hard", "no forbidden phrases")


def check_footer(inp: CheckInput) -> CheckResult:
    """HARD: a customer-facing message contains the required footer (whitespace may differ)."""
    if inp.internal:
        return passed(FOOTER_RULE, "hard", INTERNAL)
    footer = _squash(inp.rules.required_footer)
    if not footer:
        return passed(FOOTER_RULE, "hard", "no footer required")
    if footer in _squash(inp.body):
        return passed(FOOTER_RULE, "hard", "footer present")
    return failed(FOOTER_RULE, "hard", f'missing the required footer: "{inp.rules.required_footer.strip()}"')


def _squash(text: str) -> str:
    return " ".join(text.split())
