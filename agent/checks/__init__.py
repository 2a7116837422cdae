"""Guardrail checks: pure functions of a draft, its facts and the rules (no database)."""

from agent.checks.approval import manager_approval_reasons
from agent.checks.base import CheckInput, CheckResult, ContactInfo, hard_failures
from agent.checks.runner import run_checks
from agent.checks.schedule import next_allowed_send_time

__all__ = [
    "CheckInput",
    "CheckResult",
    "ContactInfo",
    "hard_failures",
    "manager_approval_reasons",
    "next_allowed_send_time",
    "run_checks",
]
