"""Manager approval: which drafts wait for a manager (docs/collections-policy.md, "Manager approval")."""

from __future__ import annotations

from decimal import Decimal

from agent.checks.base import CheckResult, failed, passed
from prompts.environment import money
from tools.rules import Rules

RULE = "manager_approval"
ALWAYS_APPROVED_BY_MANAGER = ("final_notice", "write_off_review", "escalate_to_manager")


def manager_approval_reasons(
    *,
    action: str,
    tier: str | None,
    segment: str,
    open_balance_total: Decimal,
    customer_facing: bool,
    plan_within_limits: bool,
    rules: Rules,
) -> list[str]:
    """Why a manager must approve this draft; empty when no approval is needed."""
    reasons = []
    if action in ALWAYS_APPROVED_BY_MANAGER:
        reasons.append(f"{action} always needs manager approval")
    # Internal notes (call tasks, dispute routing) need no approval on balance or segment alone.
    if customer_facing and open_balance_total > rules.manager_approval_balance_over:
        reasons.append(
            f"open balance {money(open_balance_total)} exceeds the approval threshold "
            f"{money(rules.manager_approval_balance_over)}"
        )
    if tier is not None and tier in rules.manager_approval_tiers:
        reasons.append(f"tier {tier} needs manager approval")
    if customer_facing and segment in rules.manager_approval_segments:
        reasons.append(f"segment {segment} needs manager approval for customer-facing messages")
    if not plan_within_limits:
        reasons.append("the payment plan exceeds the limits")
    return reasons


def check_manager_approval(reasons: list[str], *, manager_approved: bool) -> CheckResult:
    """HARD: passes when no approval is needed or a manager has approved; the detail says why it is needed."""
    if not reasons:
        return passed(RULE, "hard", "no manager approval needed")
    why = "; ".join(reasons)
    if manager_approved:
        return passed(RULE, "hard", f"approved by a manager (needed: {why})")
    return failed(RULE, "hard", f"waiting for manager approval: {why}")
