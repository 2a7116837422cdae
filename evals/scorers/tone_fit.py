"""Tone for the tier, by the offline tone scorer (evals/scorers/tone.py): the tone the scenario expects
(or a neighbour on friendly < neutral < firm < formal), and never aggressive or rude.

Only text the customer reads or hears is scored: messages, and call-task talking points. The tier's tone is
how the customer hears us; notes to a colleague (dispute routing, escalation, write-off review) are another
genre, unlike the labelled messages the scorer learnt from (it hears the fact label "OPTED OUT" as shouting).
Forbidden phrases in those notes are still caught by the guardrail scorer.
"""

from __future__ import annotations

from evals.scorers.base import CUSTOMER_FACING, Output, ScoreResult, expectation, has_message, not_applicable
from evals.scorers.tone import score_tone, tone_matches
from tools.scenario_format import Scenario

NAME = "tone"
HEARD_BY_CUSTOMER = CUSTOMER_FACING | {"call_task"}


def score_tone_fit(scenario: Scenario, output: Output) -> ScoreResult:
    """Passes when the body sounds like the expected tone (or a neighbour) and nothing in it is abusive."""
    if not has_message(output):
        return not_applicable(NAME, "nothing drafted")
    if output.get("action") not in HEARD_BY_CUSTOMER:
        return not_applicable(NAME, f"{output.get('action')} is an internal note; the customer never reads it")
    body = output["body"]
    wanted = expectation(scenario).tone
    heard = score_tone(body)
    ok, detail = tone_matches(wanted, body)
    return ScoreResult(
        name=NAME, passed=ok and not heard.is_abusive, score=1.0 if ok else 0.0,
        details=[detail, *heard.reasons],
        counts={"abusive": int(heard.is_abusive), "exact": int(heard.tone == wanted)},
    )
