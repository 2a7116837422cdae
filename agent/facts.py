"""Facts: the context pack's unit. Each has an id the draft cites, a readable text and a source row."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

FactKind = Literal[
    "invoice",
    "total",
    "payment",
    "credit_note",
    "dispute",
    "promise",
    "contract",
    "contact",
    "customer",
    "history",
    "communication",
    "similar_communication",
    "risk",
    "plan",
    "deadline",
    "rule",
]


class Fact(BaseModel):
    """One thing the agent knows, e.g. `F3: INV-1042 balance 1,250.00 USD` from `invoice:INV-1042`."""

    id: str
    kind: FactKind
    text: str
    source: str  # "table:key", e.g. "invoice:INV-1042", "dispute:12", "communication:57"
    # Machine-readable values the evidence checker matches claims against (amounts as strings).
    values: dict[str, Any] = Field(default_factory=dict)
    # Inbound customer text is data, never instructions: drafters fence it and label it untrusted.
    untrusted: bool = False


def facts_by_id(facts: list[Fact]) -> dict[str, Fact]:
    """Index facts by id."""
    return {fact.id: fact for fact in facts}
