"""Shared helpers for the CSV/XLSX importer tests: writing files and counting ledger rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.models import Contact, Contract, Customer, Dispute, Invoice, Payment, PaymentAllocation

LEDGER_TABLES = (Customer, Contact, Contract, Invoice, Payment, PaymentAllocation, Dispute)


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Rows as CSV with CRLF line ends, the way spreadsheets export them."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def ledger_counts(session: Session) -> dict[str, int]:
    """Row counts of every table an import may write."""
    return {t.__name__: session.scalar(select(func.count()).select_from(t)) or 0 for t in LEDGER_TABLES}
