"""Import payments: each row allocates part of a payment to one invoice (or leaves it unallocated)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tools.importers.readers import date_parser, money_parser
from tools.importers.tabular import parsers
from tools.importers.tabular.bulk import set_clause, staging
from tools.importers.tabular.job import TableImportSummary, TableJob
from tools.importers.tabular.row_customers import customer_refs
from tools.importers.tabular.settlements import adjust_settlements, explained_sql, note_settlements

_PAYMENT_STAGE = {
    "row_no": "int4", "payment_ext": "text", "customer_ext": "text", "invoice_number": "text",
    "amount": "numeric", "received_on": "date", "method": "text", "reference": "text", "currency": "text",
}


def import_payments(job: TableJob, summary: TableImportSummary) -> None:
    """Each row allocates `amount` of payment `payment_id` to one invoice (or leaves it unallocated)."""
    mapping, rows = job.mapping, job.rows
    money = money_parser(mapping.decimal_separator, mapping.thousands)
    payment_ids = job.parse("payment_id", parsers.text(128))
    references = job.parse("reference", parsers.text(128))
    invoices = job.parse("invoice_number", parsers.text(64))
    amount = job.parse("amount", money, required=True)
    received = job.parse("date", date_parser(mapping.date_formats), required=True)
    method = job.parse("method", parsers.text(32))
    currency = job.parse("currency", parsers.currency)
    externals = [p or r for p, r in zip(payment_ids, references, strict=True)]
    refs, _ = customer_refs(job, create=False, needed=[i is None for i in invoices])
    _check_payment_rows(job, externals, refs, invoices, amount, received, method, currency)
    job.problems.raise_if_any()

    staged = zip(rows, externals, refs, invoices, amount, received, method, references, currency, strict=True)
    with staging(job.session, _PAYMENT_STAGE, staged) as stage:
        _check_payment_references(job, stage)
        job.problems.raise_if_any()
        settled = note_settlements(job, stage)
        summary.payments_created, summary.payments_updated = _upsert_payments(job, stage)
        summary.payments_removed = adjust_settlements(job, stage, settled)


def _upsert_payments(job: TableJob, stage: str) -> tuple[int, int]:
    """One payment per payment ID (the sum of its rows) and one allocation per row with an invoice."""
    columns = ["customer_id", "amount", "currency", "received_on", "method", "reference"]
    created, updated = job.sql(f"""
        WITH paid AS (
            INSERT INTO payment AS p (external_id, customer_id, amount, currency, received_on, method, reference,
                                      created_at)
            SELECT g.payment_ext, c.id, g.total, coalesce(g.currency, g.invoice_currency, 'USD'), g.received_on,
                   g.method, g.reference, now()
            FROM (
                SELECT s.payment_ext, min(s.customer_ext) AS customer_ext, sum(s.amount) AS total,
                       min(s.currency) AS currency, min(i.currency) AS invoice_currency,
                       min(s.received_on) AS received_on, min(s.method) AS method, min(s.reference) AS reference
                FROM {stage} s LEFT JOIN invoice i ON i.number = s.invoice_number
                GROUP BY s.payment_ext
            ) g JOIN customer c ON c.external_id = g.customer_ext
            ON CONFLICT (external_id) DO UPDATE {set_clause(columns, "p")}
            RETURNING p.xmax = 0 AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM paid""").one()
    # The file is the authority on its payments' allocations.
    job.sql(f"""
        DELETE FROM payment_allocation a USING payment p
        WHERE a.payment_id = p.id AND p.external_id IN (SELECT payment_ext FROM {stage})
          AND NOT EXISTS (SELECT 1 FROM {stage} s JOIN invoice i ON i.number = s.invoice_number
                          WHERE s.payment_ext = p.external_id AND i.id = a.invoice_id)""")
    job.sql(f"""
        INSERT INTO payment_allocation AS a (payment_id, invoice_id, amount)
        SELECT p.id, i.id, s.amount
        FROM {stage} s JOIN payment p ON p.external_id = s.payment_ext JOIN invoice i ON i.number = s.invoice_number
        ON CONFLICT (payment_id, invoice_id) DO UPDATE {set_clause(["amount"], "a")}""")
    return int(created), int(updated)


def _check_payment_rows(
    job: TableJob,
    externals: list[str | None],
    refs: list[str | None],
    invoices: list[str | None],
    amount: list[Decimal | None],
    received: list[dt.date | None],
    method: list[str | None],
    currency: list[str | None],
) -> None:
    first: dict[str, tuple[int, tuple[object, ...]]] = {}
    pairs: dict[tuple[str, str | None], int] = {}
    id_column = job.column("payment_id", "reference")
    for row, ext, ref, invoice, amt, on, how, cur in zip(
        job.rows, externals, refs, invoices, amount, received, method, currency, strict=True
    ):
        if ext is None:
            job.problems.add(row, id_column, "is empty; every payment needs an ID (or a reference)")
            continue
        if amt is not None and amt == 0:
            job.problems.add(row, job.column("amount"), "a payment amount must be more than 0")
        if (ext, invoice) in pairs:
            job.problems.add(row, job.column("invoice_number"),
                             f"payment {ext} is allocated to {invoice or 'nothing'} twice (first on row "
                             f"{pairs[(ext, invoice)]})")
        pairs.setdefault((ext, invoice), row)
        seen = first.setdefault(ext, (row, (ref, on, how, cur)))
        if seen[1] != (ref, on, how, cur):
            job.problems.add(row, id_column, f"payment {ext}: customer, date, method or currency differ from "
                                             f"its row {seen[0]}")


def _check_payment_references(job: TableJob, stage: str) -> None:
    invoice_column = job.column("invoice_number")
    for row, number in job.sql(
        f"SELECT s.row_no, s.invoice_number FROM {stage} s LEFT JOIN invoice i ON i.number = s.invoice_number"
        " WHERE s.invoice_number IS NOT NULL AND i.id IS NULL"
    ):
        job.problems.add(row, invoice_column, f"unknown invoice {number}: not in the ledger")
    for row, number, owner, named in job.sql(
        f"SELECT s.row_no, s.invoice_number, c.external_id, s.customer_ext FROM {stage} s"
        " JOIN invoice i ON i.number = s.invoice_number JOIN customer c ON c.id = i.customer_id"
        " WHERE s.customer_ext IS NOT NULL AND s.customer_ext <> c.external_id"
    ):
        job.problems.add(row, invoice_column, f"invoice {number} belongs to customer {owner}, not {named}")
    if job.problems.items:
        return
    job.sql(
        f"UPDATE {stage} s SET customer_ext = c.external_id FROM invoice i JOIN customer c ON c.id = i.customer_id"
        " WHERE s.customer_ext IS NULL AND i.number = s.invoice_number"
    )
    id_column = job.column("payment_id", "reference")
    for row, ext in job.sql(
        f"SELECT min(row_no), payment_ext FROM {stage} GROUP BY payment_ext HAVING count(DISTINCT customer_ext) > 1"
    ):
        job.problems.add(row, id_column, f"payment {ext} pays invoices of more than one customer")
    for row, ext, owner in job.sql(
        f"SELECT s.row_no, s.payment_ext, c.external_id FROM {stage} s JOIN payment p ON p.external_id = s.payment_ext"
        " JOIN customer c ON c.id = p.customer_id WHERE c.external_id <> s.customer_ext"
    ):
        job.problems.add(row, id_column, f"payment {ext} already belongs to customer {owner}")
    invoice_ids = f"SELECT i.id FROM invoice i WHERE i.number IN (SELECT invoice_number FROM {stage})"
    others = explained_sql(invoice_ids, except_payments=f"SELECT payment_ext FROM {stage}")
    for row, number, allocating, room in job.sql(f"""
        SELECT n.row_no, n.invoice_number, n.allocating, i.amount - coalesce(e.explained, 0)
        FROM (SELECT invoice_number, sum(amount) AS allocating, min(row_no) AS row_no
              FROM {stage} WHERE invoice_number IS NOT NULL GROUP BY invoice_number) n
        JOIN invoice i ON i.number = n.invoice_number
        LEFT JOIN ({others}) e ON e.invoice_id = i.id
        WHERE n.allocating > i.amount - coalesce(e.explained, 0)"""):
        job.problems.add(
            row, job.column("amount"),
            f"payments in this file allocate {allocating} to invoice {number}, but only {room} is open "
            "on it after the ledger's other payments and credit notes",
        )
