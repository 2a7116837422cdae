"""Run every guardrail check on one draft, in a stable order with stable rule names."""

from __future__ import annotations

import datetime as dt

from agent.checks import approval, contact, content, evidence, plan, schedule
from agent.checks.base import INTERNAL, CheckInput, CheckResult, passed

RULE_ORDER = (
    evidence.CLAIMS_RULE,
    evidence.COUNTS_RULE,
    content.DISPUTED_RULE,
    content.FEE_RULE,
    content.LEGAL_RULE,
    content.FORBIDDEN_RULE,
    content.FOOTER_RULE,
    contact.RECIPIENT_RULE,
    contact.MIN_DAYS_RULE,
    contact.MAX_WEEK_RULE,
    schedule.RULE,
    plan.RULE,
    approval.RULE,
)


def run_checks(inp: CheckInput) -> list[CheckResult]:
    """Every check, always in RULE_ORDER; a check that does not apply passes and says why."""
    start = _local_date(inp)
    request = inp.request
    within_limits = plan.plan_within_limits(request.payment_plan, rules=inp.rules, start=start)
    reasons = approval.manager_approval_reasons(
        action=request.action,
        tier=request.tier,
        segment=request.segment,
        open_balance_total=inp.open_balance_total,
        customer_facing=not inp.internal,
        plan_within_limits=within_limits,
        rules=inp.rules,
    )
    results = [
        *evidence.check_claims(inp),
        content.check_disputed(inp),
        content.check_fees(inp),
        content.check_legal_wording(inp),
        content.check_forbidden_phrases(inp),
        content.check_footer(inp),
        contact.check_recipient(inp),
        contact.check_min_days(inp),
        contact.check_max_per_week(inp),
        _quiet_hours(inp),
        plan.check_payment_plan(
            request.payment_plan,
            action=request.action,
            rules=inp.rules,
            start=start,
            manager_approved=inp.manager_approved,
        ),
        approval.check_manager_approval(reasons, manager_approved=inp.manager_approved),
    ]
    return results


def _quiet_hours(inp: CheckInput) -> CheckResult:
    if inp.internal:
        return passed(schedule.RULE, "soft", INTERNAL)
    return schedule.check_quiet_hours(inp.send_at, timezone=inp.customer_timezone, rules=inp.rules)


def _local_date(inp: CheckInput) -> dt.date:
    """The send date in the customer's time zone (plan terms count from it)."""
    try:
        return inp.send_at.astimezone(schedule.customer_zone(inp.customer_timezone)).date()
    except ValueError:
        return inp.send_at.date()  # the quiet-hours check reports the unknown time zone
