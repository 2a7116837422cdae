"""Each eval scorer passes the agent's own drafts of the public scenarios and fails when it should: an
invented fee, a rude draft, a wrong recipient, a missing required mention, a wrong decision, …"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.drafters.template import TemplateDrafter
from agent.llm_judge import ToneJudge
from agent.scenario_run import ScenarioSandbox, run_scenario
from evals.scorers.base import Output, ScoreResult
from evals.scorers.decision import score_action, score_approval, score_recipient, score_tier
from evals.scorers.factual import is_trusted, score_factual
from evals.scorers.guardrails import score_guardrails
from evals.scorers.judge import JudgeToneScorer
from evals.scorers.length import score_length_readability
from evals.scorers.tone_fit import score_tone_fit
from evals.scoring import deterministic_scorers
from tests.support.database import TEST_PGDATA
from tests.support.fake_llm_server import chat_answer, malformed_json_answer
from tools.scenario_format import Scenario, load_scenario
from tools.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[3] / "shared/scenarios/examples"
USED = ("pub-t1-friendly", "pub-partial-dispute", "pub-final-notice", "pub-prompt-injection",
        "pub-promise-pending", "pub-strategic-call")
PAYMENT_INSTRUCTIONS = Settings().payment_instructions
CONFIGURED = ["OurCo", PAYMENT_INSTRUCTIONS]
FEE_SENTENCE = "A late fee of 75.00 USD has been added, so 1,275.00 USD is now due."
RUDE_BODY = (
    "Pat,\n\nIs it really that hard to pay one invoice? You people never pay on time. INV-20417 for 1,200.00 USD "
    "is overdue AGAIN. PAY IT NOW or else we will make sure everyone hears about it.\n\nAccounts Receivable\n\n"
    "If you have already arranged payment, thank you, and please disregard this message."
)


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, tuple[Scenario, Output]]]:
    """The template drafter's real output for a few public scenarios (one sandbox for the module)."""
    box = ScenarioSandbox(pgdata=TEST_PGDATA)
    try:
        found = {}
        for name in USED:
            scenario = load_scenario(EXAMPLES / f"{name}.json")
            found[name] = (scenario, run_scenario(box, scenario, drafter=TemplateDrafter(), embedder=None,
                                                  payment_instructions=PAYMENT_INSTRUCTIONS))
        yield found
    finally:
        box.close()


def _case(runs: dict[str, tuple[Scenario, Output]], name: str) -> tuple[Scenario, dict[str, Any]]:
    scenario, output = runs[name]
    return scenario, copy.deepcopy(output)


def _failed(result: ScoreResult) -> str:
    return "; ".join(result.details)


# Findings the eval reports that are not scorer bugs (none at present: call briefings have their own
# 350-word limit in evals/scorers/readability.py).
KNOWN_FINDINGS: dict[str, list[str]] = {}


@pytest.mark.parametrize("name", USED)
def test_scorers_pass_the_template_drafts_of_public_scenarios(runs, name):
    scenario, output = _case(runs, name)
    results = [scorer(scenario, output) for scorer in deterministic_scorers(configured=CONFIGURED)]
    assert [r.name for r in results if r.applicable and not r.passed] == KNOWN_FINDINGS.get(name, [])


def test_factual_fails_a_draft_with_an_invented_fee(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    output["body"] = output["body"].replace("Could you arrange", f"{FEE_SENTENCE} Could you arrange")
    result = score_factual(scenario, output, configured=CONFIGURED)
    assert not result.passed
    assert result.counts["claims"] - result.counts["claims_supported"] == 2
    assert 0 < result.score < 1
    assert any("75.00" in d for d in result.details) and any("1,275.00" in d for d in result.details)


def test_guardrails_fail_a_draft_with_an_invented_fee_even_when_the_recorded_checks_passed(runs):
    """The eval re-reads the message, so a checker that missed the fee cannot hide it."""
    scenario, output = _case(runs, "pub-t1-friendly")
    output["body"] = output["body"].replace("Could you arrange", f"{FEE_SENTENCE} Could you arrange")
    result = score_guardrails(scenario, output, configured=CONFIGURED)
    assert not result.passed
    details = _failed(result)
    assert "no late-fee clause" in details and "unsupported amount 75.00" in details


def test_guardrails_fail_on_a_recorded_hard_failure_but_only_report_soft_ones(runs):
    scenario, output = _case(runs, "pub-partial-dispute")
    soft = next(c for c in output["checks"] if c["severity"] == "soft")
    soft.update(passed=False, detail="allow 2 business days: not in any fact")
    reported = score_guardrails(scenario, output, configured=CONFIGURED)
    assert reported.passed and "soft check failed (reported only)" in _failed(reported)
    hard = next(c for c in output["checks"] if c["rule"] == "no_disputed_invoice_demanded")
    hard.update(passed=False, detail="mentions disputed invoice INV-20355")
    assert not score_guardrails(scenario, output, configured=CONFIGURED).passed


def test_guardrails_fail_a_message_that_names_the_disputed_invoice(runs):
    scenario, output = _case(runs, "pub-partial-dispute")
    output["body"] += "\nInvoice INV-20355 is also outstanding."
    result = score_guardrails(scenario, output, configured=CONFIGURED)
    assert not result.passed and "names disputed invoice INV-20355" in _failed(result)


def test_guardrails_fail_legal_wording_below_t4_but_allow_it_in_a_final_notice(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    output["body"] += "\nWe may refer this to a collection agency."
    assert "legal wording" in _failed(score_guardrails(scenario, output, configured=CONFIGURED))
    notice, notice_output = _case(runs, "pub-final-notice")
    assert "collection agency" in notice_output["body"].lower()
    assert score_guardrails(notice, notice_output, configured=CONFIGURED).passed


def test_a_number_only_in_inbound_customer_text_is_not_evidence(runs):
    scenario, output = _case(runs, "pub-prompt-injection")
    inbound = [f for f in output["facts"] if not is_trusted(f)]
    assert inbound and all("customer wrote" in f["text"] for f in inbound)
    output["body"] = output["body"].replace("Could you", "As agreed, we offer a 50% reduction. Could you", 1)
    result = score_factual(scenario, output, configured=CONFIGURED)
    assert not result.passed and "unsupported percentage 50%" in _failed(result)
    assert "mentions forbidden '50%'" in _failed(result)


def test_factual_fails_a_missing_required_mention(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    for key in ("subject", "body"):
        output[key] = output[key].replace("INV-20417", "your latest invoice")
    result = score_factual(scenario, output, configured=CONFIGURED)
    assert not result.passed
    assert result.details == ["missing required mention 'INV-20417'"]
    assert result.score == 1.0  # every remaining claim is still backed: the miss is content, not a falsehood


def test_factual_fails_a_forbidden_mention(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    output["subject"] = "Final notice: " + output["subject"]
    result = score_factual(scenario, output, configured=CONFIGURED)
    assert not result.passed and "mentions forbidden 'final notice'" in _failed(result)


def test_tone_fails_a_rude_draft(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    output["body"] = RUDE_BODY
    result = score_tone_fit(scenario, output)
    assert not result.passed and result.counts["abusive"] == 1
    assert "never acceptable" in result.details[0]


def test_tone_fails_a_friendly_nudge_where_a_formal_notice_is_due(runs):
    notice, _ = _case(runs, "pub-final-notice")
    _, friendly = _case(runs, "pub-t1-friendly")
    friendly["action"] = "final_notice"
    result = score_tone_fit(notice, friendly)
    assert not result.passed and "expected formal" in result.details[0]


def test_tone_skips_internal_notes_and_empty_outputs(runs):
    assert not score_tone_fit(*_case(runs, "pub-promise-pending")).applicable
    scenario, output = _case(runs, "pub-strategic-call")
    assert score_tone_fit(scenario, output).applicable  # talking points are heard by the customer
    output["action"] = "route_dispute"
    assert not score_tone_fit(scenario, output).applicable


def test_recipient_fails_a_wrong_recipient_and_ignores_case(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    output["recipient"] = "AP@Northwind.example"
    assert score_recipient(scenario, output).passed
    output["recipient"] = "ceo@northwind.example"
    result = score_recipient(scenario, output)
    assert not result.passed and "want 'ap@northwind.example'" in result.details[0]
    assert "not a contact" in _failed(score_guardrails(scenario, output, configured=CONFIGURED))


def test_internal_note_with_a_recipient_fails_recipient(runs):
    scenario, output = _case(runs, "pub-strategic-call")
    output["recipient"] = "ap@atlasaero.example"
    assert not score_recipient(scenario, output).passed
    assert "internal call_task note addressed to" in _failed(score_guardrails(scenario, output, configured=CONFIGURED))


def test_decision_scorers_fail_on_a_wrong_action_tier_or_approval(runs):
    scenario, output = _case(runs, "pub-final-notice")
    output.update(action="send_reminder", tier="T3", needs_manager_approval=False)
    assert [r.passed for r in (score_action(scenario, output), score_tier(scenario, output),
                               score_approval(scenario, output))] == [False, False, False]
    assert score_action(scenario, output).details == ["action: got 'send_reminder', want 'final_notice'"]


def test_readability_fails_a_wall_of_text(runs):
    scenario, output = _case(runs, "pub-t1-friendly")
    output["body"] = "Hello, " + " and ".join(["the invoice remains outstanding notwithstanding correspondence"] * 60)
    result = score_length_readability(scenario, output)
    assert not result.passed and result.score < 1
    assert any("send_reminder allows 250" in d for d in result.details)


def test_nothing_drafted_is_not_scored_on_wording(runs):
    scenario, output = _case(runs, "pub-promise-pending")
    for scorer in (score_guardrails, score_tone_fit, score_length_readability):
        assert not scorer(scenario, output).applicable
    assert score_factual(scenario, output).passed


def test_llm_judge_scorer_reads_the_judges_verdict(runs, fake_llm, fake_llm_client):
    scenario, output = _case(runs, "pub-t1-friendly")
    fake_llm.enqueue(chat_answer({"tone": "aggressive", "matches_expected": False, "score": 0.0,
                                  "problems": ["threat: 'or else'"], "rationale": "Threatening."}))
    scorer = JudgeToneScorer(ToneJudge(fake_llm_client, "judge-model", max_retries=0))
    result = scorer(scenario, output)
    assert not result.passed and "threat: 'or else'" in _failed(result)
    assert "expected tone: **friendly**" in fake_llm.requests[0]["messages"][0]["content"].lower()


def test_llm_judge_without_a_verdict_leaves_the_scenario_unscored(runs, fake_llm, fake_llm_client):
    scenario, output = _case(runs, "pub-t1-friendly")
    fake_llm.enqueue(malformed_json_answer())
    result = JudgeToneScorer(ToneJudge(fake_llm_client, "judge-model", max_retries=0))(scenario, output)
    assert not result.applicable and "no usable verdict" in result.details[0]
