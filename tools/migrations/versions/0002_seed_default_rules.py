"""Seed rule-set version 1 with the default cadence and guardrails (frozen here; managers change them later).

Revision ID: 0002
Revises: 0001
"""

import json

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DEFAULT_RULES = json.loads(
    r"""
{
    "cadence": [
        {
            "tier": "T1",
            "from_day": 1,
            "to_day": 7,
            "tone": "friendly"
        },
        {
            "tier": "T2",
            "from_day": 8,
            "to_day": 30,
            "tone": "neutral"
        },
        {
            "tier": "T3",
            "from_day": 31,
            "to_day": 60,
            "tone": "firm"
        },
        {
            "tier": "T4",
            "from_day": 61,
            "to_day": 90,
            "tone": "formal"
        },
        {
            "tier": "T5",
            "from_day": 91,
            "to_day": null,
            "tone": "formal"
        }
    ],
    "pre_due_window_days": [
        7,
        3
    ],
    "pre_due_late_probability": 0.5,
    "min_days_between_contacts": 5,
    "max_contacts_per_week": 2,
    "manager_approval_balance_over": "50000.00",
    "manager_approval_tiers": [
        "T4",
        "T5"
    ],
    "manager_approval_segments": [
        "government"
    ],
    "payment_plan_max_installments": 3,
    "payment_plan_min_first_payment_pct": "25",
    "payment_plan_max_term_days": 90,
    "payment_plan_offer_balance_over": null,
    "final_notice_deadline_days": 10,
    "call_task_segments": [
        "strategic"
    ],
    "broken_promises_escalate": 2,
    "legal_wording_from_tier": "T4",
    "fees_from_tier": "T3",
    "forbidden_phrases": [
        "you people",
        "criminal",
        "jail",
        "prison",
        "ruin your credit",
        "we know where",
        "shame",
        "pathetic",
        "deadbeat",
        "or else",
        "last chance ever"
    ],
    "legal_phrases": [
        "legal action",
        "legal proceedings",
        "collection agency",
        "collections agency",
        "debt collector",
        "court",
        "attorney",
        "solicitor",
        "litigation",
        "lawsuit"
    ],
    "required_footer": "If you have already arranged payment, thank you, and please disregard this message.",
    "quiet_hours_start": 20,
    "quiet_hours_end": 8,
    "no_weekend_sends": true,
    "confidence_flag_below": 0.6,
    "bulk_approve": {
        "max_tier": "T2",
        "min_confidence": 0.75,
        "actions": [
            "send_reminder"
        ]
    }
}
"""
)


def upgrade() -> None:
    conn = op.get_bind()
    exists = conn.exec_driver_sql("SELECT 1 FROM rule_set WHERE version = 1").first()
    if exists is None:
        conn.exec_driver_sql(
            "INSERT INTO rule_set (version, rules, created_by, created_at, note) "
            "VALUES (1, %(rules)s::jsonb, 'system', now(), 'defaults seeded by migration 0002')",
            {"rules": json.dumps(DEFAULT_RULES)},
        )


def downgrade() -> None:
    op.execute("DELETE FROM rule_set WHERE version = 1 AND created_by = 'system'")
