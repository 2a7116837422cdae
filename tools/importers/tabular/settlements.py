"""Settlement payments: the part of `amount − balance` an aging report implies was paid without listing it.

Whatever the ledger's other payments and credit notes do not explain is recorded as one settlement
payment per invoice (`tab-settlement:<number>`, method "unrecorded"); a real payment imported later,
dated on or before the settlement, takes its place.
"""

from __future__ import annotations

from tools.importers.tabular.bulk import insert_new
from tools.importers.tabular.job import TableJob

SETTLEMENT_PREFIX = "tab-settlement:"


def explained_sql(invoice_ids: str, *, except_payments: str | None = None) -> str:
    """SQL: (invoice_id, explained) — what the ledger's payments and credit notes take off each invoice
    selected by `invoice_ids`, not counting this importer's settlements (nor `except_payments`)."""
    exclude = f"AND p.external_id NOT IN ({except_payments})" if except_payments else ""
    return f"""
        SELECT x.invoice_id, sum(x.amount) AS explained
        FROM (
            SELECT pa.invoice_id, pa.amount
            FROM payment_allocation pa JOIN payment p ON p.id = pa.payment_id
            WHERE pa.invoice_id IN ({invoice_ids}) AND p.external_id NOT LIKE '{SETTLEMENT_PREFIX}%' {exclude}
            UNION ALL
            SELECT cn.invoice_id, cn.amount FROM credit_note cn WHERE cn.invoice_id IN ({invoice_ids})
        ) x
        GROUP BY x.invoice_id"""


def settle(job: TableJob, stage: str) -> tuple[int, int, int]:
    """Record `amount − balance − what the ledger explains` as each invoice's settlement payment.

    Returns (created, updated, removed) settlement payments. An undated settlement keeps the date it
    was first recorded while its amount is unchanged; otherwise it is dated today. Separate statements,
    so none reads a table it is writing (a plan made while the table was empty could rescan it per row).
    """
    target = f"{stage}_settle"
    invoice_ids = f"SELECT i.id FROM {stage} s JOIN invoice i ON i.number = s.number WHERE s.balance IS NOT NULL"
    job.sql(f"""
        CREATE TEMP TABLE {target} ON COMMIT DROP AS
        SELECT i.id AS invoice_id, i.customer_id, i.currency, '{SETTLEMENT_PREFIX}' || i.number AS ext,
               s.amount - s.balance - coalesce(e.explained, 0) AS residual, old.id AS payment_id,
               coalesce(s.paid_date, CASE WHEN old.amount = s.amount - s.balance - coalesce(e.explained, 0)
                                          THEN old.received_on END, :today) AS received_on
        FROM {stage} s JOIN invoice i ON i.number = s.number
        LEFT JOIN ({explained_sql(invoice_ids)}) e ON e.invoice_id = i.id
        LEFT JOIN payment old ON old.external_id = '{SETTLEMENT_PREFIX}' || i.number
        WHERE s.balance IS NOT NULL""", today=job.today)
    removed = job.sql(f"""
        DELETE FROM payment p USING {target} t WHERE p.id = t.payment_id AND t.residual <= 0""").rowcount
    updated = job.sql(f"""
        UPDATE payment p SET customer_id = t.customer_id, amount = t.residual, currency = t.currency,
                             received_on = t.received_on
        FROM {target} t
        WHERE p.id = t.payment_id AND t.residual > 0
          AND (p.customer_id, p.amount, p.currency, p.received_on)
              IS DISTINCT FROM (t.customer_id, t.residual, t.currency, t.received_on)""").rowcount
    job.sql(f"""
        UPDATE payment_allocation a SET amount = t.residual FROM {target} t
        WHERE a.payment_id = t.payment_id AND a.invoice_id = t.invoice_id AND t.residual > 0
          AND a.amount <> t.residual""")
    created = insert_new(job, f"""
        WITH paid AS (
            INSERT INTO payment (external_id, customer_id, amount, currency, received_on, method, created_at)
            SELECT t.ext, t.customer_id, t.residual, t.currency, t.received_on, 'unrecorded', now()
            FROM {target} t WHERE t.payment_id IS NULL AND t.residual > 0
            RETURNING id, external_id
        )
        INSERT INTO payment_allocation (payment_id, invoice_id, amount)
        SELECT paid.id, t.invoice_id, t.residual FROM paid JOIN {target} t ON t.ext = paid.external_id""")
    job.sql(f"DROP TABLE {target}")
    return created, int(updated), int(removed)


def _file_payments_before_settlements(settled: str, stage: str) -> str:
    """SQL: per invoice, what this file's payments dated on or before its settlement allocate to it."""
    return f"""
        SELECT t.invoice_id, sum(pa.amount) AS paid
        FROM {settled} t JOIN payment_allocation pa ON pa.invoice_id = t.invoice_id
        JOIN payment p ON p.id = pa.payment_id
        WHERE p.external_id IN (SELECT payment_ext FROM {stage}) AND p.received_on <= t.settled_on
        GROUP BY t.invoice_id"""


def note_settlements(job: TableJob, stage: str) -> str:
    """Before writing: the aging-report settlements on this file's invoices, and what the file paid up to them."""
    settled = f"{stage}_settled"
    job.sql(f"""
        CREATE TEMP TABLE {settled} ON COMMIT DROP AS
        SELECT i.id AS invoice_id, i.amount AS invoice_amount, sp.id AS payment_id, sp.amount AS settlement,
               sp.received_on AS settled_on
        FROM invoice i JOIN payment sp ON sp.external_id = '{SETTLEMENT_PREFIX}' || i.number
        WHERE i.number IN (SELECT invoice_number FROM {stage})
           OR i.id IN (SELECT pa.invoice_id FROM payment_allocation pa JOIN payment p ON p.id = pa.payment_id
                       WHERE p.external_id IN (SELECT payment_ext FROM {stage}))""")
    job.sql(f"ALTER TABLE {settled} ADD COLUMN before numeric NOT NULL DEFAULT 0")
    job.sql(f"""
        UPDATE {settled} t SET before = b.paid
        FROM ({_file_payments_before_settlements(settled, stage)}) b WHERE b.invoice_id = t.invoice_id""")
    return settled


def adjust_settlements(job: TableJob, stage: str, settled: str) -> int:
    """A settlement stands for payments the aging report did not list, up to its date: real payments dated
    on or before it now take its place (and one that was reduced gives the amount back). It never leaves
    an invoice below zero. Returns the settlements removed."""
    removed = job.sql(f"""
        WITH target AS MATERIALIZED (
            SELECT t.payment_id, t.settlement, greatest(0, least(
                       t.settlement - (coalesce(a.paid, 0) - t.before),
                       t.invoice_amount - coalesce(e.explained, 0))) AS keep
            FROM {settled} t
            LEFT JOIN ({_file_payments_before_settlements(settled, stage)}) a ON a.invoice_id = t.invoice_id
            LEFT JOIN ({explained_sql(f"SELECT invoice_id FROM {settled}")}) e ON e.invoice_id = t.invoice_id
        ), removed AS (
            DELETE FROM payment p USING target t WHERE p.id = t.payment_id AND t.keep = 0 RETURNING p.id
        ), resized AS (
            UPDATE payment p SET amount = t.keep FROM target t
            WHERE p.id = t.payment_id AND t.keep > 0 AND t.keep <> t.settlement
        ), reallocated AS (
            UPDATE payment_allocation a SET amount = t.keep FROM target t
            WHERE a.payment_id = t.payment_id AND t.keep > 0 AND t.keep <> t.settlement
        )
        SELECT count(*) FROM removed""").scalar_one()
    job.sql(f"DROP TABLE {settled}")
    return int(removed)
