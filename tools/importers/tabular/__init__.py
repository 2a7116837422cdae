"""Import CSV and XLSX exports: customers, open invoices (an aging report), payments, settled history.

Each file is all-or-nothing: every row is checked first (its cells in Python, then its references
against the ledger through a temporary staging table), every problem is reported with its row
and column, and nothing is written if there is any. Re-import is idempotent: rows are upserted by
external ids (customer ID, invoice number, payment ID). Invoices, payments and history are
written in bulk (COPY into the staging table, then set-based UPDATE / INSERT … SELECT), so 100,000
rows take seconds; customers files, a few thousand rows at most, go through the ORM.

An invoice's `balance` is honoured like the scenario importer does: whatever part of
`amount − balance` the ledger's other payments and credit notes do not explain is recorded as one
settlement payment (`tab-settlement:<number>`, method "unrecorded"), so the derived balance
equals the file's. A real payment imported later, dated on or before the settlement, takes its place.

Where things live: `job` (the file being imported: columns parsed row by row, problems collected),
`parsers` (cell parsers), `row_customers` (the customers invoice and payment rows name), `bulk`
(staging tables and set-based writes), `settlements`, and one module per kind: `customers`,
`invoices` (aging reports and history), `history` (its disputes), `payments`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from tools.embeddings import Embedder
from tools.importers.errors import ImportFileError
from tools.importers.mapping import KINDS, Kind, Mapping, load_mapping, resolve_columns
from tools.importers.readers import Problems, read_table
from tools.importers.tabular.customers import import_customers
from tools.importers.tabular.history import (
    HISTORY_DISPUTE_PREFIX,
    HISTORY_DISPUTE_REASON,
    HISTORY_DISPUTE_RESOLUTION,
)
from tools.importers.tabular.invoices import import_invoices
from tools.importers.tabular.job import TableImportSummary, TableJob
from tools.importers.tabular.parsers import CONTACT_ROLES, LATE_FEE_TYPES, SEGMENTS
from tools.importers.tabular.payments import import_payments
from tools.importers.tabular.settlements import SETTLEMENT_PREFIX
from tools.models import utcnow


def import_table_file(
    session: Session,
    path: Path,
    *,
    kind: str,
    mapping: str | Mapping = "generic",
    embedder: Embedder | None = None,
    today: dt.date | None = None,
) -> TableImportSummary:
    """Validate and import one CSV or XLSX file into the caller's transaction; any error writes nothing.

    `today` dates settlements whose payment date the file does not give (default: the UTC date).
    """
    del embedder  # tables carry no communications to embed
    file = str(path)
    spec = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    chosen = _choose_kind(file, kind, spec)
    table = read_table(path, encoding=spec.encoding, delimiter=spec.delimiter, sheet=spec.sheet)
    fields = resolve_columns(spec, chosen, table.headers, file)
    session.flush()
    job = TableJob(session, file, chosen, spec, table, fields, today or utcnow().date(), Problems(file))
    summary = TableImportSummary(
        source=file, kind=chosen, mapping=spec.name, rows=len(table.row_numbers),
        ignored_columns=[h for i, h in enumerate(table.headers) if h and i not in fields.values()],
    )
    if chosen == "customers":
        import_customers(job, summary)
    elif chosen == "payments":
        import_payments(job, summary)
    else:
        import_invoices(job, summary, history=chosen == "history")
    session.flush()
    # Bulk SQL bypassed the identity map: make loaded objects re-read what is now in the ledger.
    session.expire_all()
    return summary


def _choose_kind(file: str, kind: str, mapping: Mapping) -> Kind:
    if kind in ("scenario", "", None) and mapping.kind is not None:
        return mapping.kind
    for known in KINDS:
        if kind == known:
            if mapping.kind is not None and mapping.kind != known:
                raise ImportFileError(file, f"mapping {mapping.name!r} is for {mapping.kind} files, not {known}")
            return known
    if kind == "scenario":
        raise ImportFileError(
            file, f"a CSV/XLSX file needs --kind {'|'.join(KINDS)} (or a mapping that names its kind)"
        )
    raise ImportFileError(file, f"unknown kind {kind!r} for a table; use one of: {', '.join(KINDS)}")


__all__ = [
    "CONTACT_ROLES",
    "HISTORY_DISPUTE_PREFIX",
    "HISTORY_DISPUTE_REASON",
    "HISTORY_DISPUTE_RESOLUTION",
    "LATE_FEE_TYPES",
    "SEGMENTS",
    "SETTLEMENT_PREFIX",
    "TableImportSummary",
    "import_table_file",
]
