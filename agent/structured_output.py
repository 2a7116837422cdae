"""Ask a chat model for one JSON object that validates against a Pydantic model, with bounded retries."""

from __future__ import annotations

import copy
import json
import logging
import random
import re
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from openai import APIConnectionError, APIStatusError, APITimeoutError, OpenAI, OpenAIError
from openai.types.chat import ChatCompletionMessageParam
from openai.types.chat.completion_create_params import ResponseFormat
from openai.types.shared_params import ResponseFormatJSONObject, ResponseFormatJSONSchema
from pydantic import BaseModel, ValidationError

logger = logging.getLogger(__name__)

OutputT = TypeVar("OutputT", bound=BaseModel)

JSON_OBJECT_FORMAT: ResponseFormatJSONObject = {"type": "json_object"}
# Status codes that say nothing about the request body, so they are never read as "json_schema unsupported".
_NOT_ABOUT_THE_BODY = {401, 403, 404, 408, 409, 429}
_FORMAT_WORDS = ("response_format", "json_schema", "schema")
_MAX_BACKOFF_SECONDS = 8.0
_CODE_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class InvalidAnswer(ValueError):
    """The answer parsed but is unusable (e.g. it cites facts that do not exist)."""


class StructuredOutputError(Exception):
    """No usable answer; `reason` says why in words a reviewer can read."""

    def __init__(self, reason: str, *, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


class RetryableFailure(Exception):
    """One attempt failed in a way another attempt may fix."""


class _FatalFailure(Exception):
    """One attempt failed in a way no retry will fix (e.g. HTTP 401)."""


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the shape strict structured outputs accept (all required, no extras)."""
    schema = copy.deepcopy(model.model_json_schema())
    _make_strict(schema)
    return schema


def _make_strict(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("title", None)
        node.pop("default", None)
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        for child in node.values():
            _make_strict(child)
    elif isinstance(node, list):
        for child in node:
            _make_strict(child)


def json_schema_format(name: str, model: type[BaseModel]) -> ResponseFormatJSONSchema:
    """A `response_format` asking the server to enforce the model's schema."""
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "strict": True, "schema": strict_json_schema(model)},
    }


def parse_answer(content: str | None, output: type[OutputT]) -> OutputT:
    """Parse a model's message content into `output`; raises RetryableFailure with a readable reason."""
    if not content or not content.strip():
        raise RetryableFailure("empty answer")
    # Some local models wrap JSON in a Markdown fence even in JSON mode.
    fenced = _CODE_FENCE.match(content)
    text = fenced.group(1) if fenced else content
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RetryableFailure("malformed JSON") from error
    if not isinstance(data, dict):
        raise RetryableFailure("malformed JSON (not an object)")
    try:
        return output.model_validate(data)
    except ValidationError as error:
        fields = ", ".join(sorted({".".join(str(p) for p in e["loc"]) or "answer" for e in error.errors()}))
        raise RetryableFailure(f"answer did not match the schema ({fields})") from error


class StructuredChat(Generic[OutputT]):
    """Chat completions returning a validated `output`; downgrades json_schema → json_object once rejected."""

    def __init__(
        self,
        client: OpenAI,
        model: str,
        *,
        output: type[OutputT],
        schema_name: str,
        timeout: float,
        max_retries: int,
        backoff_seconds: float = 0.5,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.client = client
        self.model = model
        self.output = output
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self._schema_format = json_schema_format(schema_name, output)
        # Flipped once, for the life of this object, when the server turns json_schema down.
        self.json_schema_supported = True

    @property
    def response_format(self) -> ResponseFormat:
        """The response_format the next request will carry."""
        return self._schema_format if self.json_schema_supported else JSON_OBJECT_FORMAT

    def ask(
        self,
        messages: list[ChatCompletionMessageParam],
        *,
        check: Callable[[OutputT], None] | None = None,
    ) -> OutputT:
        """One validated answer, or StructuredOutputError after 1 + max_retries attempts."""
        failures: list[str] = []
        attempts = 0
        while True:
            attempts += 1
            try:
                answer = self._attempt(messages, first=attempts == 1)
                if check is not None:
                    check(answer)
                return answer
            except InvalidAnswer as error:
                failures.append(f"invalid answer ({error})")
            except RetryableFailure as error:
                failures.append(str(error))
            except _FatalFailure as error:
                failures.append(str(error))
                raise StructuredOutputError(_summarise(failures, attempts), attempts=attempts) from error
            if attempts > self.max_retries:
                raise StructuredOutputError(_summarise(failures, attempts), attempts=attempts)
            self._sleep_before_retry(attempts)

    def _attempt(self, messages: list[ChatCompletionMessageParam], *, first: bool) -> OutputT:
        # At most two requests: the second only when the first was json_schema and the server refused it.
        just_downgraded = False
        for _ in range(2):
            response_format = self.response_format
            try:
                completion = self.client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    response_format=response_format,
                    timeout=self.timeout,
                )
            except APITimeoutError as error:
                raise RetryableFailure("timed out") from error
            except APIConnectionError as error:
                raise RetryableFailure("could not connect to the model server") from error
            except APIStatusError as error:
                status = error.status_code
                if response_format["type"] == "json_schema" and _rejects_json_schema(error, first=first):
                    logger.warning(
                        "model server rejected response_format json_schema (HTTP %s: %s); using json_object",
                        status,
                        _short(error.message),
                    )
                    self.json_schema_supported = False
                    just_downgraded = True
                    continue
                if just_downgraded and 400 <= status < 500:
                    # json_object was refused the same way, so the 4xx was not about the format after all.
                    self.json_schema_supported = True
                if status >= 500:
                    raise RetryableFailure(f"server error (HTTP {status})") from error
                if status == 429:
                    raise RetryableFailure("rate limited (HTTP 429)") from error
                if status in (408, 409):
                    raise RetryableFailure(f"request not completed (HTTP {status})") from error
                raise _FatalFailure(f"request rejected (HTTP {status}: {_short(error.message)})") from error
            except OpenAIError as error:
                raise RetryableFailure(f"client error ({type(error).__name__})") from error
            if not completion.choices:
                raise RetryableFailure("empty answer")
            return parse_answer(completion.choices[0].message.content, self.output)
        raise _FatalFailure("server rejected both json_schema and json_object")

    def _sleep_before_retry(self, attempts: int) -> None:
        # Exponential with jitter, so concurrent drafts that failed together do not retry together.
        delay = min(_MAX_BACKOFF_SECONDS, self.backoff_seconds * 2 ** (attempts - 1))
        time.sleep(delay * random.uniform(0.5, 1.0))


def _rejects_json_schema(error: APIStatusError, *, first: bool) -> bool:
    """Whether a 4xx means "this server does not do json_schema" rather than a problem with us."""
    status = error.status_code
    if not 400 <= status < 500 or status in _NOT_ABOUT_THE_BODY:
        return False
    text = f"{error.message} {error.body}".lower()
    mentions_format = any(word in text for word in _FORMAT_WORDS)
    # vLLM, llama.cpp and older Ollama answer 400/422 naming the field; others give a bare 4xx.
    return mentions_format or first


def _summarise(failures: list[str], attempts: int) -> str:
    distinct = list(dict.fromkeys(failures))
    noun = "attempt" if attempts == 1 else "attempts"
    return f"{', then '.join(distinct)} after {attempts} {noun}"


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
