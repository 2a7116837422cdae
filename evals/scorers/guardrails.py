"""Guardrail compliance: every hard check the agent recorded passes, and the eval's own re-reading of the
message against the scenario agrees (an eval that only trusted the agent's checker could not catch a broken
checker). Soft failures are reported, never failed on.
"""

from __future__ import annotations

from collections.abc import Iterable

from agent.checks.base import found_phrases
from agent.checks.claims import extract_claims, normalise_identifier
from agent.checks.content import fee_mentions
from evals.scorers.base import CUSTOMER_FACING, Output, ScoreResult, message_text, not_applicable, scenario_rules
from evals.scorers.factual import unsupported
from tools.rules import Rules, tier_rank
from tools.scenario_format import Scenario

NAME = "guardrails"
# Waiting for a manager routes a draft; it is not a defect (the approval scorer judges it).
ROUTING_RULES = frozenset({"manager_approval"})
# Call-task talking points are said to the customer, so the wording rules apply to them too.
READ_BY_CUSTOMER = CUSTOMER_FACING | {"call_task"}


def recorded_failures(output: Output) -> tuple[list[str], list[str], int]:
    """Failed hard checks, failed soft checks (as 'rule: detail'), and how many hard checks ran."""
    checks = output.get("checks") or []
    hard = [c for c in checks if c["severity"] == "hard" and c["rule"] not in ROUTING_RULES]
    hard_failed = [f"{c['rule']}: {c['detail']}" for c in hard if not c["passed"]]
    soft_failed = [f"{c['rule']}: {c['detail']}" for c in checks if c["severity"] == "soft" and not c["passed"]]
    return hard_failed, soft_failed, len(hard)


def recheck(scenario: Scenario, output: Output, *, configured: Iterable[str] = ()) -> list[str]:
    """The eval's own reading of the hard rules against the scenario; one line per problem."""
    action = output.get("action") or ""
    text = message_text(output)
    rules = scenario_rules(scenario)
    tier = output.get("tier")
    problems = [f"unsupported {c.describe()}" for c in unsupported(scenario, output, configured=configured)[0]]
    problems += [f"forbidden phrase {p!r}" for p in found_phrases(text, rules.forbidden_phrases)]
    if action in READ_BY_CUSTOMER:
        fees = fee_mentions(text)
        if fees and scenario.contract.late_fee is None:
            problems.append(f"fee wording {fees} but the contract has no late-fee clause")
        elif fees and tier_rank(tier) < tier_rank(rules.fees_from_tier):
            problems.append(f"fee wording {fees} at {tier}; fees only from {rules.fees_from_tier}")
        legal = found_phrases(text, rules.legal_phrases)
        if legal and tier_rank(tier) < tier_rank(rules.legal_wording_from_tier):
            problems.append(f"legal wording {legal} at {tier}; only from {rules.legal_wording_from_tier}")
    if action in CUSTOMER_FACING:
        problems += _message_problems(scenario, output, text, rules)
    elif output.get("recipient"):
        problems.append(f"internal {action} note addressed to {output['recipient']}")
    return problems


def _message_problems(scenario: Scenario, output: Output, text: str, rules: Rules) -> list[str]:
    problems = []
    disputed = {d.invoice for d in scenario.disputes if d.status == "open"}
    named = {c.value for c in extract_claims(text, known_identifiers=disputed) if c.kind == "invoice_number"}
    problems += [f"names disputed invoice {n}" for n in sorted(disputed) if normalise_identifier(n) in named]
    if " ".join(rules.required_footer.split()) not in " ".join((output.get("body") or "").split()):
        problems.append("missing the required footer")
    recipient = (output.get("recipient") or "").strip().casefold()
    contacts = [c for c in scenario.contacts if c.email and c.email.strip().casefold() == recipient]
    if not contacts:
        problems.append(f"recipient {output.get('recipient')!r} is not a contact of this customer")
    elif any(c.opted_out for c in contacts):
        problems.append(f"recipient {output.get('recipient')!r} has opted out")
    return problems


def score_guardrails(scenario: Scenario, output: Output, *, configured: Iterable[str] = ()) -> ScoreResult:
    """Passes when no recorded hard check fails and the re-check finds nothing; soft failures are listed."""
    hard_failed, soft_failed, ran = recorded_failures(output)
    if not ran and not (output.get("body") or "").strip():
        return not_applicable(NAME, f"nothing drafted ({output.get('skip_reason') or 'no checks'})")
    problems = recheck(scenario, output, configured=configured)
    details = [f"hard check failed: {f}" for f in hard_failed]
    details += [f"eval re-check: {p}" for p in problems]
    ok = not details
    details += [f"soft check failed (reported only): {f}" for f in soft_failed]
    if not details:
        details = [f"{ran} hard checks passed; the eval's re-check agrees"]
    checked = ran + 1  # the re-check counts as one more hard rule
    failed = len(hard_failed) + (1 if problems else 0)
    return ScoreResult(name=NAME, passed=ok, score=(checked - failed) / checked, details=details,
                       counts={"hard_checks": ran, "hard_failed": len(hard_failed), "soft_failed": len(soft_failed),
                               "recheck_problems": len(problems)})
