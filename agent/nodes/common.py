"""Rebuilding typed values from the checkpointed state."""

from __future__ import annotations

import datetime as dt

from agent.checks.base import CheckResult
from agent.drafters.base import DraftResult
from agent.facts import Fact
from agent.pipeline import Prepared
from agent.planning import Plan
from agent.risk import RiskEstimate
from agent.state import AccountState
from tools.accounts import AccountSnapshot
from tools.rules import Rules


def as_of(state: AccountState) -> dt.datetime:
    return dt.datetime.fromisoformat(state["as_of"])


def prepared(state: AccountState) -> Prepared:
    """The typed view of everything gathered and decided so far."""
    return Prepared(
        account=AccountSnapshot.model_validate(state["account"]),
        rules=Rules.model_validate(state["rules"]),
        rule_set_version=state.get("rule_set_version", 0),
        facts=[Fact.model_validate(f) for f in state.get("facts", [])],
        risk=RiskEstimate.model_validate(state["risk"]) if "risk" in state else RiskEstimate(
            customer_probability=0.0, priority=0),
        plan=Plan.model_validate(state["plan"]) if "plan" in state else Plan(action="no_action"),
        draft=DraftResult.model_validate(state["draft"]) if "draft" in state else None,
        checks=[CheckResult.model_validate(c) for c in state.get("checks", [])],
        confidence=state.get("confidence", 0.0),
        confidence_reasons=state.get("confidence_reasons", []),
    )
