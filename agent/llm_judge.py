"""The tone judge: a chat model grades a draft's tone against the tone its tier requires."""

from __future__ import annotations

from openai import OpenAI
from pydantic import BaseModel, Field

from agent.structured_output import StructuredChat
from prompts.environment import render


class JudgeResult(BaseModel):
    """The judge's verdict on one draft's tone."""

    tone: str  # the tone the judge hears, e.g. "friendly", "firm", "hostile"
    matches_expected: bool
    score: float = Field(ge=0, le=1)  # 1 = exactly the expected tone for the tier
    problems: list[str]  # e.g. "threatening wording", "legal wording below T4"; empty when none
    rationale: str


class ToneJudge:
    """A reusable judge; it learns once per life whether the server accepts json_schema."""

    def __init__(
        self,
        client: OpenAI,
        model: str,
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        backoff_seconds: float = 0.5,
    ) -> None:
        self._chat = StructuredChat(
            client,
            model,
            output=JudgeResult,
            schema_name="tone_judgement",
            timeout=timeout,
            max_retries=max_retries,
            backoff_seconds=backoff_seconds,
        )

    @property
    def uses_json_schema(self) -> bool:
        """False once the server has turned `response_format: json_schema` down."""
        return self._chat.json_schema_supported

    def judge(self, *, text: str, expected_tone: str, tier: str | None) -> JudgeResult:
        """Grade `text`; raises StructuredOutputError when the judge gives no usable verdict."""
        prompt = render("judge_tone.md.j2", text=text, expected_tone=expected_tone, tier=tier)
        return self._chat.ask([{"role": "user", "content": prompt}])


def judge_tone(
    client: OpenAI,
    model: str,
    *,
    text: str,
    expected_tone: str,
    tier: str | None,
    timeout: float = 60.0,
    max_retries: int = 2,
) -> JudgeResult:
    """Grade one draft's tone (for many drafts, keep one ToneJudge so the format fallback is learnt once)."""
    judge = ToneJudge(client, model, timeout=timeout, max_retries=max_retries)
    return judge.judge(text=text, expected_tone=expected_tone, tier=tier)
