"""The strict schema sent as response_format, and parsing of what models actually return."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from agent.drafters.llm import LLMDraftOutput
from agent.structured_output import RetryableFailure, json_schema_format, parse_answer, strict_json_schema


class Nested(BaseModel):
    label: str = "x"


class Outer(BaseModel):
    items: list[Nested]
    score: float = Field(default=0.5, ge=0, le=1)


def test_strict_json_schema_requires_every_field_and_forbids_extras() -> None:
    schema = strict_json_schema(Outer)

    assert schema["required"] == ["items", "score"]
    assert schema["additionalProperties"] is False
    nested = schema["$defs"]["Nested"]
    assert nested["required"] == ["label"] and nested["additionalProperties"] is False
    assert "title" not in schema and "default" not in schema["properties"]["score"]
    assert schema["properties"]["score"]["minimum"] == 0


def test_draft_schema_uses_only_keywords_strict_mode_accepts() -> None:
    fmt = json_schema_format("collection_draft", LLMDraftOutput)
    schema = fmt["json_schema"]["schema"]

    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert schema["properties"] == {
        "subject": {"type": "string"},
        "body": {"type": "string"},
        "cited_facts": {"type": "array", "items": {"type": "string"}},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    }


@pytest.mark.parametrize("content", [None, "", "   ", "{not json", '"a string"'])
def test_parse_answer_rejects_unusable_content(content: str | None) -> None:
    with pytest.raises(RetryableFailure, match="empty answer|malformed JSON"):
        parse_answer(content, Outer)
