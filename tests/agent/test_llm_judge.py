"""The tone judge over real HTTP against the fake OpenAI-compatible server."""

from __future__ import annotations

from typing import Any

import pytest
from openai import OpenAI

from agent.llm_judge import ToneJudge, judge_tone
from agent.structured_output import StructuredOutputError
from tests.support.fake_llm_server import FakeLLMServer, chat_answer, json_object_only, malformed_json_answer

DRAFT = "Hello Taylor,\n\nINV-20260 for 1,875.00 USD is now 21 days overdue. Please pay this week.\n\nAR team"


def verdict(**overrides: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "tone": "neutral",
        "matches_expected": True,
        "score": 0.9,
        "problems": [],
        "rationale": "Plain and courteous.",
    }
    answer.update(overrides)
    return answer


def client_for(server: FakeLLMServer) -> OpenAI:
    return OpenAI(base_url=server.base_url, api_key="test-key", max_retries=0)


def test_judge_tone_returns_the_verdict_and_sends_the_draft(fake_llm: FakeLLMServer) -> None:
    fake_llm.enqueue(
        chat_answer(verdict(tone="firm", matches_expected=False, score=0.4, problems=["too blunt"]))
    )

    result = judge_tone(client_for(fake_llm), "judge-model", text=DRAFT, expected_tone="neutral", tier="T2")

    assert (result.tone, result.matches_expected, result.score, result.problems) == (
        "firm",
        False,
        0.4,
        ["too blunt"],
    )
    [sent] = fake_llm.requests
    assert sent["model"] == "judge-model"
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "tone_judgement"
    prompt = sent["messages"][-1]["content"]
    assert DRAFT in prompt and "neutral" in prompt and "T2" in prompt


def test_tone_judge_switches_to_json_object_once(fake_llm: FakeLLMServer) -> None:
    fake_llm.respond_with(json_object_only(chat_answer(verdict()), style="llama.cpp"))
    judge = ToneJudge(client_for(fake_llm), "judge-model", max_retries=0)

    judge.judge(text=DRAFT, expected_tone="neutral", tier="T2")
    judge.judge(text=DRAFT, expected_tone="neutral", tier="T2")

    formats = [r["response_format"]["type"] for r in fake_llm.requests]
    assert formats == ["json_schema", "json_object", "json_object"]
    assert judge.uses_json_schema is False


def test_judge_tone_raises_after_retrying_malformed_answers(fake_llm: FakeLLMServer) -> None:
    fake_llm.enqueue(malformed_json_answer(), malformed_json_answer())

    with pytest.raises(StructuredOutputError, match="malformed JSON after 2 attempts") as raised:
        judge_tone(
            client_for(fake_llm), "judge-model", text=DRAFT, expected_tone="neutral", tier="T2", max_retries=1
        )

    assert raised.value.attempts == 2
    assert len(fake_llm.requests) == 2


def test_judge_tone_rejects_a_score_out_of_range(fake_llm: FakeLLMServer) -> None:
    fake_llm.enqueue(chat_answer(verdict(score=7)))

    with pytest.raises(StructuredOutputError, match="score"):
        judge_tone(
            client_for(fake_llm), "judge-model", text=DRAFT, expected_tone="neutral", tier="T2", max_retries=0
        )
