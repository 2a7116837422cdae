"""The LLM drafter: an OpenAI-compatible model writes the draft; the fallback drafter covers its failures."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from openai import OpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, Field, field_validator

from agent.drafters.base import Drafter, DraftRequest, DraftResult
from agent.facts import facts_by_id
from agent.structured_output import InvalidAnswer, StructuredChat, StructuredOutputError
from prompts.environment import render

INTERNAL_ACTIONS = frozenset({"call_task", "route_dispute", "escalate_to_manager", "write_off_review"})


class LLMDraftOutput(BaseModel):
    """The JSON object the model must return."""

    subject: str
    body: str
    cited_facts: list[str]
    confidence: float = Field(ge=0, le=1)

    @field_validator("subject", "body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        # Checked here, not with minLength, because strict structured outputs reject minLength.
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


def prompt_variables(request: DraftRequest) -> dict[str, Any]:
    """The request's fields plus the policy switches the prompts branch on."""
    variables: dict[str, Any] = {name: getattr(request, name) for name in DraftRequest.model_fields}
    variables.update(
        internal=request.action in INTERNAL_ACTIONS,
        legal_wording_allowed=request.legal_wording_allowed,
        fees_allowed=request.fees_allowed,
        trusted_facts=[fact for fact in request.facts if not fact.untrusted],
        untrusted_facts=[fact for fact in request.facts if fact.untrusted],
    )
    return variables


def build_messages(request: DraftRequest) -> list[ChatCompletionMessageParam]:
    """The system and user messages for one draft."""
    variables = prompt_variables(request)
    return [
        {"role": "system", "content": render("llm_draft_system.md.j2", **variables)},
        {"role": "user", "content": render("llm_draft_user.md.j2", **variables)},
    ]


def check_citations(answer: LLMDraftOutput, request: DraftRequest) -> None:
    """Raise InvalidAnswer unless the draft cites at least one fact and only facts in the request."""
    known = facts_by_id(request.facts)
    unknown = [fact_id for fact_id in answer.cited_facts if fact_id not in known]
    if unknown:
        raise InvalidAnswer(f"cited unknown fact ids {', '.join(unknown)}")
    if not answer.cited_facts:
        raise InvalidAnswer("cited no facts")


class LLMDrafter:
    """Drafts with a chat model; on timeouts, server errors or unusable answers, uses `fallback`."""

    name = "llm"

    def __init__(
        self,
        client: OpenAI,
        model: str,
        *,
        timeout: float,
        max_retries: int,
        fallback: Drafter,
        backoff_seconds: float = 0.5,
    ) -> None:
        self.fallback = fallback
        # One StructuredChat for the drafter's life, so a json_schema rejection is learnt once.
        self._chat = StructuredChat(
            client,
            model,
            output=LLMDraftOutput,
            schema_name="collection_draft",
            timeout=timeout,
            max_retries=max_retries,
            backoff_seconds=backoff_seconds,
        )

    @property
    def uses_json_schema(self) -> bool:
        """False once the server has turned `response_format: json_schema` down."""
        return self._chat.json_schema_supported

    def draft(self, request: DraftRequest) -> DraftResult:
        """Draft with the model, or with the fallback drafter (and a note saying why)."""
        try:
            answer = self._chat.ask(
                build_messages(request), check=lambda answer: check_citations(answer, request)
            )
        except StructuredOutputError as error:
            return self._fall_back(request, error.reason)
        return DraftResult(
            subject=answer.subject,
            body=_with_footer(answer.body, request.required_footer),
            cited_facts=list(dict.fromkeys(answer.cited_facts)),
            drafter=self.name,
            model_confidence=answer.confidence,
        )

    def _fall_back(self, request: DraftRequest, reason: str) -> DraftResult:
        result = self.fallback.draft(request)
        note = f"LLM drafter failed: {reason}; used the {self.fallback.name} drafter"
        return result.model_copy(
            update={"drafter": f"{self.fallback.name} (fallback from llm)", "notes": [*result.notes, note]}
        )


def _with_footer(body: str, footer: str) -> str:
    # The footer is a hard rule; appending it here is surer than trusting the model to copy it.
    if not footer or footer.strip() in body:
        return body
    return f"{body.rstrip()}\n\n{footer.strip()}"


def make_openai_client(base_url: str, api_key: str, timeout: float) -> OpenAI:
    """An OpenAI client for any compatible endpoint; it never retries, because the drafter does."""
    return OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0)


def draft_many(drafter: Drafter, requests: Sequence[DraftRequest], *, concurrency: int) -> list[DraftResult]:
    """Draft every request with at most `concurrency` in flight; results in the order of `requests`."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if not requests:
        return []
    with ThreadPoolExecutor(max_workers=min(concurrency, len(requests)), thread_name_prefix="draft") as pool:
        return list(pool.map(drafter.draft, requests))
