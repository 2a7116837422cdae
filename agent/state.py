"""The state of one account's thread. Values are JSON-friendly so the checkpointer stores them as-is."""

from __future__ import annotations

from typing import Any, TypedDict


class AccountState(TypedDict, total=False):
    customer_id: int
    thread_id: str
    as_of: str  # ISO timestamp, aware: "now" for this cycle
    account: dict[str, Any]  # tools.accounts.AccountSnapshot, dumped
    fingerprint: str
    rule_set_version: int
    rules: dict[str, Any]
    facts: list[dict[str, Any]]  # agent.facts.Fact, dumped
    risk: dict[str, Any]
    plan: dict[str, Any]  # agent.planning.Plan, dumped
    draft: dict[str, Any]  # agent.drafters.base.DraftResult, dumped
    checks: list[dict[str, Any]]
    confidence: float
    confidence_reasons: list[str]
    draft_id: int
    decision: dict[str, Any]
    outcome: str  # skipped | queued | approved | sent | scheduled | rejected | snoozed | superseded | edited
    superseded_drafts: list[int]
