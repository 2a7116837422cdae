"""What a message may say: disputed invoices, fees, legal wording, forbidden phrases, the footer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agent.checks.base import CheckResult
from agent.checks.content import (
    check_disputed,
    check_fees,
    check_footer,
    check_forbidden_phrases,
    check_legal_wording,
    fee_mentions,
)
from tests.agent.checks.builders import CLEAN_BODY, DEMANDED, DISPUTED, check_input, harbor_request
from tools.rules import DEFAULT_FOOTER, Rules

ROUTE_NOTE = (
    "INV-20355 (780.00 USD) is under dispute #12 since 2026-11-03: the customer says they were billed for "
    "6 pallets and received 4. Please review the claim and update the dispute."
)


def with_body(body: str, **request: object) -> CheckResult:
    inp = check_input(harbor_request(**request), body=body)
    return check_disputed(inp)


# ---- no_disputed_invoice_demanded -----------------------------------------------------------------------


def test_no_disputed_invoice_demanded_passes_a_message_about_the_undisputed_invoice_only() -> None:
    result = check_disputed(check_input())
    assert (result.rule, result.severity, result.passed) == ("no_disputed_invoice_demanded", "hard", True)


def test_no_disputed_invoice_demanded_fails_when_the_disputed_invoice_is_named() -> None:
    body = CLEAN_BODY.replace("Please arrange payment", "Invoice INV-20355 is also open. Please arrange payment")
    result = with_body(body)
    assert not result.passed and result.detail == "mentions disputed invoice INV-20355"


def test_no_disputed_invoice_demanded_fails_when_it_is_named_without_its_prefix() -> None:
    body = CLEAN_BODY.replace("Please arrange payment", "Invoice 20355 is also open. Please arrange payment")
    result = with_body(body)
    assert not result.passed and result.detail == "mentions disputed invoice INV-20355"


def test_no_disputed_invoice_demanded_fails_on_the_disputed_balance_alone() -> None:
    body = CLEAN_BODY.replace("Please arrange payment", "A further 780.00 USD is outstanding. Please arrange payment")
    result = with_body(body)
    assert not result.passed and "780.00, an amount of disputed invoice INV-20355" in result.detail


def test_no_disputed_invoice_demanded_fails_on_a_total_that_includes_the_disputed_invoice() -> None:
    result = with_body(CLEAN_BODY.replace("payment of 2,150.00 USD", "payment of 2,930.00 USD"))
    assert not result.passed and "2,930.00, a total that includes disputed invoices" in result.detail


def test_no_disputed_invoice_demanded_ignores_an_amount_the_undisputed_invoice_also_owes() -> None:
    twin = DISPUTED.model_copy(update={"amount": Decimal("2150.00"), "balance": Decimal("2150.00")})
    assert with_body(CLEAN_BODY, disputed_invoices=[twin]).passed


def test_no_disputed_invoice_demanded_fails_when_a_disputed_invoice_is_in_the_demand() -> None:
    result = with_body(CLEAN_BODY, invoices=[DEMANDED, DISPUTED])
    assert not result.passed and "disputed invoice INV-20355 is in the demanded invoices" in result.detail


def test_no_disputed_invoice_demanded_lets_the_dispute_owner_note_name_it() -> None:
    request = harbor_request(action="route_dispute", tier=None, invoices=[], recipient_email=None)
    result = check_disputed(check_input(request, subject="Dispute on INV-20355", body=ROUTE_NOTE, recipient=None))
    assert result.passed and result.detail.startswith("internal action")


# ---- no_fee_without_clause -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "A late fee will be added to your account.",
        "Interest will accrue on the overdue balance.",
        "Further delay may result in a penalty.",
        "A surcharge applies to overdue accounts.",
        "We apply charges for late payment.",
        "Late-payment fees apply.",
        "An additional 1.5% per month will apply.",
    ],
)
def test_no_fee_without_clause_fails_fee_wording_without_a_clause(sentence: str) -> None:
    result = check_fees(check_input(body=CLEAN_BODY + "\n" + sentence))
    assert (result.rule, result.severity, result.passed) == ("no_fee_without_clause", "hard", False)
    assert "the contract has no late-fee clause" in result.detail


@pytest.mark.parametrize(
    "sentence",
    [
        "We are interested in hearing how we can help.",
        "In the interest of clarity, here is the full statement.",
        "It is in your best interest to reply.",
        "Thank you for your interest in our payment portal.",
        "We appreciate your feedback and your business.",
    ],
)
def test_no_fee_without_clause_passes_idioms_that_are_not_charges(sentence: str) -> None:
    assert check_fees(check_input(body=CLEAN_BODY + "\n" + sentence)).passed


def test_no_fee_without_clause_allows_the_contract_rate_from_the_fee_tier() -> None:
    body = CLEAN_BODY + "\nAs your contract provides, late payments accrue interest of 1.5% per month."
    request = harbor_request(tier="T3", late_fee_clause="1.5% per month")
    assert check_fees(check_input(request, body=body)).passed


def test_no_fee_without_clause_fails_below_the_fee_tier_even_with_a_clause() -> None:
    body = CLEAN_BODY + "\nA late fee of 1.5% per month applies."
    result = check_fees(check_input(harbor_request(tier="T2", late_fee_clause="1.5% per month"), body=body))
    assert not result.passed and "fees only from T3" in result.detail


def test_no_fee_without_clause_applies_to_call_task_talking_points() -> None:
    request = harbor_request(action="call_task", recipient_email=None)
    body = "Talking points:\n- INV-20301, 2,150.00 USD, 24 days past due\n- Mention the late fee if they stall"
    assert not check_fees(check_input(request, body=body, recipient=None)).passed


def test_no_fee_without_clause_exempts_notes_the_customer_never_reads() -> None:
    request = harbor_request(action="write_off_review", tier="T5", recipient_email=None)
    body = "No late fees were charged: the contract has no late-fee clause."
    assert check_fees(check_input(request, body=body, recipient=None)).passed


def test_fee_mentions_names_each_wording_once() -> None:
    assert fee_mentions("A late fee applies. Late fee, and interest.") == ["late fee", "interest"]


# ---- legal_wording_tier ----------------------------------------------------------------------------------


def test_legal_wording_tier_fails_agency_wording_at_t2() -> None:
    body = CLEAN_BODY + "\nIf we do not hear from you, we will refer the account to a collection agency."
    result = check_legal_wording(check_input(body=body))
    assert (result.rule, result.severity, result.passed) == ("legal_wording_tier", "hard", False)
    assert result.detail == "legal wording 'collection agency' at tier T2; allowed only from T4"


def test_legal_wording_tier_allows_the_next_step_in_a_final_notice() -> None:
    body = CLEAN_BODY + "\nIf payment is not received by the deadline, the account will go to a collection agency."
    assert check_legal_wording(check_input(harbor_request(action="final_notice", tier="T4"), body=body)).passed


def test_legal_wording_tier_fails_without_a_tier() -> None:
    body = CLEAN_BODY + "\nOur attorney will be in touch."
    assert not check_legal_wording(check_input(harbor_request(tier=None), body=body)).passed


def test_legal_wording_tier_matches_whole_phrases_only() -> None:
    body = "Courtesy reminder: thank you for being a courteous and valued customer.\n" + DEFAULT_FOOTER
    assert check_legal_wording(check_input(harbor_request(tier="pre_due"), body=body)).passed


def test_legal_wording_tier_follows_the_configured_tier() -> None:
    body = CLEAN_BODY + "\nWe may begin legal proceedings."
    rules = Rules(legal_wording_from_tier="T3")
    assert check_legal_wording(check_input(harbor_request(tier="T3"), body=body, rules=rules)).passed
    assert not check_legal_wording(check_input(harbor_request(tier="T2"), body=body, rules=rules)).passed


def test_legal_wording_tier_exempts_internal_notes() -> None:
    request = harbor_request(action="escalate_to_manager", tier="T4", recipient_email=None)
    body = "Decide whether to refer the account to a collection agency or offer a plan."
    assert check_legal_wording(check_input(request, body=body, recipient=None)).passed


# ---- forbidden_phrases -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", ["You People never pay on time.", "Pay now OR   ELSE.", "This is criminal."])
def test_forbidden_phrases_fails_whole_phrases_in_any_case(sentence: str) -> None:
    result = check_forbidden_phrases(check_input(body=CLEAN_BODY + "\n" + sentence))
    assert (result.rule, result.severity, result.passed) == ("forbidden_phrases", "hard", False)


def test_forbidden_phrases_does_not_match_inside_other_words() -> None:
    body = CLEAN_BODY + "\nIf the payment went elsewhere, or else was delayed… we are not ashamed to ask."
    result = check_forbidden_phrases(check_input(body=body))
    assert not result.passed and result.detail == "forbidden: 'or else'"
    body = CLEAN_BODY + "\nIf the payment went somewhere else, let us know; we are not ashamed to ask."
    assert check_forbidden_phrases(check_input(body=body)).passed


def test_forbidden_phrases_apply_to_internal_notes_too() -> None:
    request = harbor_request(action="call_task", recipient_email=None)
    result = check_forbidden_phrases(check_input(request, body="They are deadbeats; call them.", recipient=None))
    assert result.passed  # "deadbeats" is not the whole phrase "deadbeat"
    result = check_forbidden_phrases(check_input(request, body="A deadbeat account: call them.", recipient=None))
    assert not result.passed


# ---- required_footer -------------------------------------------------------------------------------------


def test_required_footer_passes_when_present_even_if_rewrapped() -> None:
    rewrapped = CLEAN_BODY.replace(DEFAULT_FOOTER, DEFAULT_FOOTER.replace(", and please", ",\nand  please"))
    result = check_footer(check_input(body=rewrapped))
    assert (result.rule, result.severity, result.passed) == ("required_footer", "hard", True)


def test_required_footer_fails_when_missing() -> None:
    result = check_footer(check_input(body=CLEAN_BODY.replace(DEFAULT_FOOTER, "Thanks!")))
    assert not result.passed and DEFAULT_FOOTER in result.detail


def test_required_footer_is_not_required_of_internal_notes_or_when_empty() -> None:
    request = harbor_request(action="route_dispute", tier=None, recipient_email=None)
    assert check_footer(check_input(request, body=ROUTE_NOTE, recipient=None)).detail == "internal action"
    assert check_footer(check_input(body="No footer here.", rules=Rules(required_footer=""))).passed
