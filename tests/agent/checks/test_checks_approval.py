"""Manager approval, per docs/collections-policy.md "Manager approval"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agent.checks.approval import check_manager_approval, manager_approval_reasons
from tools.rules import Rules

RULES = Rules()


def reasons(
    action: str = "send_reminder",
    *,
    tier: str | None = "T2",
    segment: str = "standard",
    balance: str = "2150.00",
    customer_facing: bool = True,
    plan_ok: bool = True,
    rules: Rules = RULES,
) -> list[str]:
    return manager_approval_reasons(
        action=action, tier=tier, segment=segment, open_balance_total=Decimal(balance),
        customer_facing=customer_facing, plan_within_limits=plan_ok, rules=rules,
    )  # fmt: skip


def test_manager_approval_reasons_is_empty_for_an_ordinary_reminder() -> None:
    assert reasons() == []


@pytest.mark.parametrize(
    ("action", "tier", "customer_facing"),
    [("final_notice", "T4", True), ("write_off_review", "T5", False), ("escalate_to_manager", "T3", False)],
)
def test_manager_approval_reasons_always_for_final_notices_write_offs_and_escalations(
    action: str, tier: str, customer_facing: bool
) -> None:
    assert f"{action} always needs manager approval" in reasons(action, tier=tier, customer_facing=customer_facing)


def test_manager_approval_reasons_for_a_balance_over_the_threshold() -> None:
    assert reasons(balance="50000.01") == ["open balance 50,000.01 exceeds the approval threshold 50,000.00"]
    assert reasons(balance="50000.00") == []


def test_manager_approval_reasons_not_for_internal_notes_on_balance_or_segment_alone() -> None:
    assert reasons("call_task", balance="90000.00", segment="government", customer_facing=False) == []
    assert reasons("route_dispute", tier=None, balance="90000.00", customer_facing=False) == []


def test_manager_approval_reasons_for_approval_tiers() -> None:
    assert reasons(tier="T4") == ["tier T4 needs manager approval"]
    assert reasons(tier="T3") == []
    assert reasons(tier="T3", rules=Rules(manager_approval_tiers=["T3", "T4", "T5"])) == [
        "tier T3 needs manager approval"
    ]


def test_manager_approval_reasons_for_approval_segments_on_customer_facing_messages() -> None:
    assert reasons(segment="government") == ["segment government needs manager approval for customer-facing messages"]


def test_manager_approval_reasons_for_a_plan_past_the_limits() -> None:
    assert reasons("offer_payment_plan", tier="T3", plan_ok=False) == ["the payment plan exceeds the limits"]


def test_manager_approval_reasons_lists_every_reason() -> None:
    got = reasons("final_notice", tier="T4", segment="government", balance="75000.00")
    assert len(got) == 4


def test_manager_approval_check_is_hard_until_a_manager_approves() -> None:
    why = reasons("final_notice", tier="T4")
    waiting = check_manager_approval(why, manager_approved=False)
    assert (waiting.rule, waiting.severity, waiting.passed) == ("manager_approval", "hard", False)
    assert waiting.detail == (
        "waiting for manager approval: final_notice always needs manager approval; tier T4 needs manager approval"
    )
    approved = check_manager_approval(why, manager_approved=True)
    assert approved.passed and "final_notice always needs manager approval" in approved.detail
    assert check_manager_approval([], manager_approved=False).passed
