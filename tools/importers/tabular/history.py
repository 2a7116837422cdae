"""Disputes of a history file (settled invoices): one per row marked disputed."""

from __future__ import annotations

from tools.importers.tabular.bulk import set_clause
from tools.importers.tabular.job import TableJob

HISTORY_DISPUTE_PREFIX = "tab-history:"
HISTORY_DISPUTE_REASON = "disputed (imported from history; date unknown)"
HISTORY_DISPUTE_RESOLUTION = "settled (imported from history)"


def upsert_history_disputes(job: TableJob, stage: str) -> int:
    """A resolved dispute, opened on the invoice date, for each disputed row; returns the disputed rows."""
    columns = ["invoice_id", "opened_on", "reason", "status", "resolved_on", "resolution"]
    job.sql(f"""
        DELETE FROM dispute d USING {stage} s
        WHERE d.external_id = '{HISTORY_DISPUTE_PREFIX}' || s.number AND s.disputed IS NOT TRUE""")
    job.sql(f"""
        INSERT INTO dispute AS d (external_id, invoice_id, opened_on, reason, status, resolved_on, resolution)
        SELECT '{HISTORY_DISPUTE_PREFIX}' || s.number, i.id, s.issue_date, :reason,
               CASE WHEN s.paid_date IS NULL THEN 'open' ELSE 'resolved' END, s.paid_date,
               CASE WHEN s.paid_date IS NULL THEN NULL ELSE :resolution END
        FROM {stage} s JOIN invoice i ON i.number = s.number
        WHERE s.disputed
        ON CONFLICT (external_id) DO UPDATE {set_clause(columns, "d")}""",
        reason=HISTORY_DISPUTE_REASON, resolution=HISTORY_DISPUTE_RESOLUTION,
    )
    return int(job.sql(f"SELECT count(*) FROM {stage} WHERE disputed").scalar_one())
