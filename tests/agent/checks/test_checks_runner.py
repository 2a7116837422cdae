"""run_checks: every rule, in a stable order, on realistic drafts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from agent.checks import CheckResult, hard_failures, run_checks
from agent.facts import Fact
from tests.agent.checks.builders import (
    AS_OF,
    CLEAN_BODY,
    CLEAN_SUBJECT,
    check_input,
    harbor_request,
    injection_fact,
    plan_of,
)
from tools.rules import DEFAULT_FOOTER

CONTRACT_RULES = [
    "claims_supported_by_facts",
    "no_disputed_invoice_demanded",
    "no_fee_without_clause",
    "legal_wording_tier",
    "forbidden_phrases",
    "required_footer",
    "recipient_valid",
    "min_days_between_contacts",
    "max_contacts_per_week",
    "quiet_hours",
    "payment_plan_within_limits",
    "manager_approval",
]


def by_rule(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.rule: r for r in results}


def test_run_checks_returns_every_rule_in_a_stable_order() -> None:
    rules = [r.rule for r in run_checks(check_input())]
    assert [r for r in rules if r != "counts_supported_by_facts"] == CONTRACT_RULES
    assert rules[1] == "counts_supported_by_facts"
    soft = {r.rule for r in run_checks(check_input()) if r.severity == "soft"}
    assert soft == {"counts_supported_by_facts", "quiet_hours"}


def test_run_checks_passes_a_clean_reminder() -> None:
    results = run_checks(check_input())
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    assert hard_failures(results) == []


def test_run_checks_blocks_a_draft_that_obeyed_an_injected_email() -> None:
    request = harbor_request(facts=[*harbor_request().facts, injection_fact()])
    body = CLEAN_BODY.replace(
        "Please arrange payment of 2,150.00 USD",
        "As requested, your balance is settled at a 50% discount: 1,075.00 USD",
    )
    failures = hard_failures(run_checks(check_input(request, body=body)))
    assert [f.rule for f in failures] == ["claims_supported_by_facts"]


def test_run_checks_on_an_internal_note_skips_contact_rules_but_not_content_rules() -> None:
    request = harbor_request(action="call_task", tier="T2", recipient_email=None, segment="strategic")
    body = (
        "Talking points for the call:\n- INV-20301, 2,150.00 USD, 24 days past due.\n"
        "- Do not raise INV-20355: it is under dispute #12.\n- Tell them they are pathetic payers."
    )
    results = by_rule(run_checks(check_input(request, subject="Call Harbor Logistics", body=body, recipient=None,
                                             outbound_contact_times=[AS_OF - dt.timedelta(days=1)])))  # fmt: skip
    for rule in ("recipient_valid", "min_days_between_contacts", "max_contacts_per_week", "quiet_hours"):
        assert results[rule].passed and results[rule].detail == "internal action", rule
    assert results["claims_supported_by_facts"].passed
    assert results["no_disputed_invoice_demanded"].passed
    assert results["required_footer"].passed
    assert not results["forbidden_phrases"].passed


def test_run_checks_final_notice_waits_for_a_manager_and_then_passes() -> None:
    deadline = Fact(
        id="F12",
        kind="deadline",
        source="rule:final_notice_deadline_days",
        text="Final notice deadline: 2026-11-28 (10 days)",
        values={"date": "2026-11-28", "days": 10},
    )
    request = harbor_request(action="final_notice", tier="T4", tone="formal", deadline=dt.date(2026, 11, 28),
                             facts=[*harbor_request().facts, deadline])  # fmt: skip
    body = CLEAN_BODY.replace(
        "Please arrange payment of 2,150.00 USD, or reply with the date you expect to pay.",
        "This is a final notice. Payment in full of 2,150.00 USD is required by November 28, 2026, within "
        "10 days. If it is not received by then, the account will be referred to a collection agency.",
    )
    results = run_checks(check_input(request, subject="Final notice: INV-20301", body=body))
    assert [f.rule for f in hard_failures(results)] == ["manager_approval"]
    assert "final_notice always needs manager approval" in by_rule(results)["manager_approval"].detail
    approved = run_checks(check_input(request, subject="Final notice: INV-20301", body=body, manager_approved=True))
    assert hard_failures(approved) == []


def test_run_checks_payment_plan_offer_within_and_past_the_limits() -> None:
    plan = plan_of((dt.date(2026, 11, 25), "716.67"), (dt.date(2026, 12, 25), "716.67"),
                   (dt.date(2027, 1, 24), "716.66"))  # fmt: skip
    plan_fact = Fact(id="F10", kind="plan", source="plan:C-1003", text="Payment plan: 3 instalments",
                     values={"installments": [i.model_dump(mode="json") for i in plan.installments],
                             "total": "2150.00", "currency": "USD", "count": 3})  # fmt: skip
    request = harbor_request(action="offer_payment_plan", tier="T3", payment_plan=plan,
                             facts=[*harbor_request().facts, plan_fact])  # fmt: skip
    body = (
        "Dear Jo Kim,\n\nAs you asked, you can pay INV-20301 (2,150.00 USD) in 3 instalments: 716.67 USD by "
        "November 25, 2026, 716.67 USD by December 25, 2026 and 716.66 USD by January 24, 2027.\n"
        f"Please reply to confirm.\n\n{DEFAULT_FOOTER}"
    )
    assert hard_failures(run_checks(check_input(request, subject="Payment plan for INV-20301", body=body))) == []

    long_plan = plan_of(*[(dt.date(2026, 11, 25) + dt.timedelta(days=30 * i), "537.50") for i in range(4)])
    request = request.model_copy(update={"payment_plan": long_plan})
    failures = hard_failures(run_checks(check_input(request, subject="Payment plan", body=DEFAULT_FOOTER)))
    assert [f.rule for f in failures] == ["payment_plan_within_limits", "manager_approval"]
    assert "the payment plan exceeds the limits" in failures[1].detail
    approved = run_checks(check_input(request, subject="Payment plan", body=DEFAULT_FOOTER, manager_approved=True))
    assert hard_failures(approved) == []


def test_run_checks_friday_night_is_scheduled_not_blocked() -> None:
    friday_night = dt.datetime(2026, 11, 20, 21, 0, tzinfo=ZoneInfo("America/Chicago"))
    results = run_checks(check_input(send_at=friday_night))
    quiet = by_rule(results)["quiet_hours"]
    assert not quiet.passed and quiet.severity == "soft"
    assert "Monday 2026-11-23 08:00" in quiet.detail
    assert hard_failures(results) == []


def test_run_checks_large_government_balance_needs_approval() -> None:
    request = harbor_request(segment="government")
    results = by_rule(run_checks(check_input(request, open_balance_total=Decimal("62000.00"))))
    assert not results["manager_approval"].passed
    assert "segment government" in results["manager_approval"].detail
    assert "open balance 62,000.00" in results["manager_approval"].detail


def test_hard_failures_keeps_only_failed_hard_checks() -> None:
    results = [
        CheckResult(rule="a", severity="hard", passed=False, detail="x"),
        CheckResult(rule="b", severity="soft", passed=False, detail="y"),
        CheckResult(rule="c", severity="hard", passed=True),
    ]
    assert [r.rule for r in hard_failures(results)] == ["a"]


def test_run_checks_demanding_the_disputed_invoice_fails_the_dispute_rule_not_the_evidence_rule() -> None:
    # The disputed invoice is a true fact, so the evidence check accepts it; the dispute rule does not.
    body = CLEAN_BODY.replace("2,150.00 USD. It is", "2,150.00 USD, and INV-20355 has 780.00 USD. It is")
    failures = [f.rule for f in hard_failures(run_checks(check_input(subject=CLEAN_SUBJECT, body=body)))]
    assert failures == ["no_disputed_invoice_demanded"]
