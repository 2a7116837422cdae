"""Length and readability within the action's limits (evals/scorers/readability.py)."""

from __future__ import annotations

from evals.scorers.base import Output, ScoreResult, has_message, not_applicable
from evals.scorers.readability import LIMITS, check_readability
from tools.scenario_format import Scenario

NAME = "readability"
LIMIT_COUNT = 4  # words, average sentence, longest sentence, Flesch


def score_length_readability(scenario: Scenario, output: Output) -> ScoreResult:
    """Passes when the body keeps to its action's word, sentence-length and Flesch limits."""
    action = output.get("action") or ""
    if not has_message(output) or action not in LIMITS:
        return not_applicable(NAME, "nothing drafted" if not has_message(output) else f"no limits for {action}")
    check = check_readability(output["body"], action)
    s = check.score
    summary = (f"{s.word_count} words, {s.sentence_count} sentences (average {s.avg_sentence_words:g}, "
               f"longest {s.longest_sentence_words}), Flesch {s.flesch_reading_ease:g}")
    return ScoreResult(name=NAME, passed=check.passed, score=1 - len(check.problems) / LIMIT_COUNT,
                       details=[summary, *check.problems], counts={"words": s.word_count})
