"""The model judge (second to the deterministic scorers): a chat model grades the tone for the tier.

Used only when a model is configured; a judge that gives no usable verdict leaves the scenario unscored
rather than failing the draft for the judge's fault.
"""

from __future__ import annotations

from agent.llm_judge import ToneJudge
from agent.structured_output import StructuredOutputError
from evals.scorers.base import Output, ScoreResult, expectation, has_message, not_applicable
from tools.scenario_format import Scenario

NAME = "llm_judge_tone"


class JudgeToneScorer:
    """A scorer bound to one ToneJudge, so the json_schema fallback is learnt once per run."""

    def __init__(self, judge: ToneJudge) -> None:
        self.judge = judge

    def __call__(self, scenario: Scenario, output: Output) -> ScoreResult:
        """The judge's verdict on the body's tone against the scenario's expected tone."""
        if not has_message(output):
            return not_applicable(NAME, "nothing drafted")
        try:
            result = self.judge.judge(text=output["body"], expected_tone=expectation(scenario).tone,
                                      tier=output.get("tier"))
        except StructuredOutputError as error:
            return not_applicable(NAME, f"the judge gave no usable verdict: {error}")
        details = [f"judge hears {result.tone} (score {result.score:.2f}): {result.rationale}",
                   *(f"problem: {p}" for p in result.problems)]
        return ScoreResult(name=NAME, passed=result.matches_expected, score=result.score, details=details)
