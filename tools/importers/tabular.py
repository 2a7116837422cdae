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
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel
from sqlalchemy import Integer, String, any_, literal, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tools.embeddings import Embedder
from tools.importers.errors import ImportFileError
from tools.importers.mapping import KINDS, Kind, Mapping, load_mapping, resolve_columns
from tools.importers.readers import (
    Cell,
    Problems,
    RawTable,
    cell_text,
    date_parser,
    money_parser,
    parse_flag,
    read_table,
)
from tools.models import Contact, Contract, Customer, utcnow

T = TypeVar("T")
SETTLEMENT_PREFIX = "tab-settlement:"
HISTORY_DISPUTE_PREFIX = "tab-history:"
HISTORY_DISPUTE_REASON = "disputed (imported from history; date unknown)"
HISTORY_DISPUTE_RESOLUTION = "settled (imported from history)"
SEGMENTS = ("standard", "strategic", "small_business", "high_risk", "government")
CONTACT_ROLES = ("billing", "ap", "owner", "other")
LATE_FEE_TYPES = ("percent_per_month", "flat")


class TableImportSummary(BaseModel):
    """What one CSV/XLSX file changed."""

    source: str
    kind: str
    mapping: str
    rows: int
    customers_created: int = 0
    customers_updated: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    invoices_created: int = 0
    invoices_updated: int = 0
    payments_created: int = 0
    payments_updated: int = 0
    payments_removed: int = 0
    disputes: int = 0
    ignored_columns: list[str] = []


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
    job = _Job(session, file, chosen, spec, table, fields, today or utcnow().date(), Problems(file))
    summary = TableImportSummary(
        source=file, kind=chosen, mapping=spec.name, rows=len(table.row_numbers),
        ignored_columns=[h for i, h in enumerate(table.headers) if h and i not in fields.values()],
    )
    if chosen == "customers":
        _import_customers(job, summary)
    elif chosen == "payments":
        _import_payments(job, summary)
    else:
        _import_invoices(job, summary, history=chosen == "history")
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


@dataclass
class _Job:
    session: Session
    file: str
    kind: Kind
    mapping: Mapping
    table: RawTable
    fields: dict[str, int]
    today: dt.date
    problems: Problems

    @property
    def rows(self) -> list[int]:
        return self.table.row_numbers

    def has(self, field: str) -> bool:
        return field in self.fields or field in self.mapping.defaults

    def column(self, *candidates: str) -> str:
        """The source column of the first mapped candidate field, for messages."""
        for field in candidates:
            if field in self.fields:
                return self.table.headers[self.fields[field]]
        for field in candidates:
            if field in self.mapping.defaults:
                return f"{field} (mapping default)"
        return candidates[0]

    def cells(self, field: str) -> list[Cell]:
        default = self.mapping.defaults.get(field)
        if field not in self.fields:
            return [default or ""] * len(self.rows)
        column = self.table.columns[self.fields[field]]
        if default is None:
            return column
        return [c if not (isinstance(c, str) and not c.strip()) else default for c in column]

    def parse(self, field: str, parser: Callable[[Cell], T | None], *, required: bool = False) -> list[T | None]:
        """Each row's value of `field` (None when empty or unmapped); problems are collected."""
        if not self.has(field):
            return [None] * len(self.rows)
        cells = self.cells(field)
        try:
            values = [parser(c) for c in cells]
            if not required or None not in values:
                return values
        except ValueError:
            pass
        # Slow path, only for a column with problems: find and report every one.
        values = []
        name = self.column(field)
        for row, cell in zip(self.rows, cells, strict=True):
            try:
                value = parser(cell)
            except ValueError as exc:
                self.problems.add(row, name, str(exc))
                value = None
            else:
                if value is None and required:
                    self.problems.add(row, name, "is empty; a value is required")
            values.append(value)
        return values

    def sql(self, statement: str, **params: Any) -> Any:
        return self.session.execute(text(statement), params)


# --- cell parsers (None for an empty cell) ---


def _text(max_len: int, *, upper: bool = False) -> Callable[[Cell], str | None]:
    def parse(cell: Cell) -> str | None:
        value = cell.strip() if isinstance(cell, str) else cell_text(cell)
        if not value:
            return None
        if len(value) > max_len:
            raise ValueError(f"{value[:24]!r}… is {len(value)} characters; at most {max_len} fit")
        return value.upper() if upper else value

    return parse


def _blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _optional(parse: Callable[[Cell], T]) -> Callable[[Cell], T | None]:
    def wrapped(cell: Cell) -> T | None:
        return None if _blank(cell) else parse(cell)

    return wrapped


def _currency(cell: Cell) -> str | None:
    value = cell_text(cell).upper()
    if not value:
        return None
    if len(value) != 3 or not value.isalpha() or not value.isascii():
        raise ValueError(f"{value!r} is not a three-letter currency code such as USD or EUR")
    return value


def _choice(options: Sequence[str]) -> Callable[[Cell], str | None]:
    def parse(cell: Cell) -> str | None:
        value = "_".join(cell_text(cell).casefold().replace("-", " ").split())
        if not value:
            return None
        if value not in options:
            raise ValueError(f"{cell_text(cell)!r} is not one of: {', '.join(options)}")
        return value

    return parse


def _email(cell: Cell) -> str | None:
    value = _text(200)(cell)
    if value is not None and ("@" not in value or " " in value):
        raise ValueError(f"{value!r} is not an email address")
    return value


_zones: dict[str, bool] = {}


def _timezone(cell: Cell) -> str | None:
    value = cell_text(cell)
    if not value:
        return None
    if value not in _zones:
        try:
            ZoneInfo(value)
            _zones[value] = True
        except (ZoneInfoNotFoundError, ValueError):
            _zones[value] = False
    if not _zones[value]:
        raise ValueError(f"{value!r} is not an IANA time zone such as America/Chicago")
    return value


def _terms_days(cell: Cell) -> int | None:
    value = cell_text(cell).casefold().removeprefix("net").strip().removesuffix("days").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 <= int(value) <= 365:
        raise ValueError(f"{cell_text(cell)!r} is not a number of days between 0 and 365 (or 'Net 30')")
    return int(value)


def _fee_value(cell: Cell) -> Decimal | None:
    value = cell_text(cell).rstrip("%").strip()
    if not value:
        return None
    try:
        fee = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not fee.is_finite() or not 0 < fee < 1_000_000 or fee != fee.quantize(Decimal("0.0001")):
        raise ValueError(f"{value!r} must be a positive number with at most four decimals")
    return fee


# --- staging: COPY into a temporary table, for set-based checks and writes ---


@contextmanager
def _staging(session: Session, columns: dict[str, str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    name = f"import_stage_{uuid.uuid4().hex[:12]}"
    connection = session.connection()
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns.items())}) ON COMMIT DROP"
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.set_types(list(columns.values()))  # psycopg type names, so values are dumped without guessing
        for row in rows:
            copy.write_row(row)
    try:
        yield name
    except ImportFileError:
        connection.exec_driver_sql(f"DROP TABLE {name}")
        raise
    connection.exec_driver_sql(f"DROP TABLE {name}")


def _explained(invoice_ids: str, *, except_payments: str | None = None) -> str:
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


def _set_clause(columns: Sequence[str], table: str) -> str:
    """`SET a = excluded.a, … WHERE (t.a, …) IS DISTINCT FROM (excluded.a, …)`: idle rows stay untouched."""
    return (
        f"SET {', '.join(f'{c} = excluded.{c}' for c in columns)}"
        f" WHERE ({', '.join(f'{table}.{c}' for c in columns)})"
        f" IS DISTINCT FROM ({', '.join(f'excluded.{c}' for c in columns)})"
    )


# --- customers of invoice and payment rows ---


def _customer_refs(job: _Job, *, create: bool, needed: list[bool]) -> tuple[list[str | None], dict[str, str]]:
    """Each row's customer external id, and the customers to create (external id → name)."""
    ids = job.parse("customer_id", _text(64))
    names = job.parse("customer_name", _text(200))
    known = set(job.sql(
        "SELECT external_id FROM customer WHERE external_id = ANY(:ids)", ids=list({i for i in ids if i})
    ).scalars())
    by_name: dict[str, list[str]] = {}
    lookup = list({n.lower() for i, n in zip(ids, names, strict=True) if n and not i})
    for lowered, external_id in job.sql(
        "SELECT lower(name), external_id FROM customer WHERE lower(name) = ANY(:names)", names=lookup
    ):
        by_name.setdefault(lowered, []).append(external_id)
    id_column, name_column = job.column("customer_id"), job.column("customer_name")
    hint = 'import a customers file first, or use a mapping with "create_customers": true'
    refs: list[str | None] = []
    new: dict[str, str] = {}
    for row, customer_id, name, need in zip(job.rows, ids, names, needed, strict=True):
        ref: str | None = None
        if customer_id:
            ref = customer_id
            if customer_id not in known and create:
                new.setdefault(customer_id, name or customer_id)
            elif customer_id not in known:
                job.problems.add(row, id_column, f"unknown customer {customer_id!r}: not in the ledger ({hint})")
        elif name:
            matches = by_name.get(name.lower(), [])
            if len(matches) == 1:
                ref = matches[0]
            elif matches:
                job.problems.add(row, name_column, f"{len(matches)} customers are named {name!r}; add a customer ID")
            elif create and len(name) <= 64:
                ref = name
                new.setdefault(name, name)
            else:
                job.problems.add(row, name_column, f"unknown customer {name!r}: no customer has this name ({hint})")
        elif need:
            job.problems.add(row, id_column if job.has("customer_id") else name_column,
                             "no customer: the customer ID and name are both empty")
        refs.append(ref)
    return refs, new


def _create_customers(job: _Job, new: dict[str, str]) -> int:
    if not new:
        return 0
    result = job.sql(
        "INSERT INTO customer (external_id, name, segment, timezone, language, automation_excluded,"
        " rule_overrides, created_at)"
        " SELECT e, n, 'standard', 'UTC', 'en', false, '{}'::jsonb, now()"
        " FROM unnest(CAST(:ids AS text[]), CAST(:names AS text[])) AS t(e, n)"
        " ON CONFLICT (external_id) DO NOTHING",
        ids=list(new), names=[n[:200] for n in new.values()],
    )
    return int(result.rowcount)


# --- invoices (an aging report) and history (settled invoices) ---

_INVOICE_STAGE = {
    "row_no": "int4", "customer_ext": "text", "number": "text", "issue_date": "date", "due_date": "date",
    "amount": "numeric", "balance": "numeric", "paid_date": "date", "currency": "text", "po_number": "text",
    "disputed": "bool",
}


def _import_invoices(job: _Job, summary: TableImportSummary, *, history: bool) -> None:
    mapping, rows = job.mapping, job.rows
    dates = date_parser(mapping.date_formats)
    money = money_parser(mapping.decimal_separator, mapping.thousands)
    numbers = job.parse("invoice_number", _text(64), required=True)
    issue = job.parse("issue_date", dates, required=True)
    due = job.parse("due_date", dates, required=True)
    amount = job.parse("amount", money, required=True)
    currency = job.parse("currency", _currency)
    po_number = job.parse("po_number", _text(64))
    disputed: list[bool | None] = [None] * len(rows)
    if history:
        # A settled row is fully paid on its settled date; an unsettled one leaves payments as they are.
        paid_date = job.parse("settled_date", dates)
        disputed = job.parse("disputed", _optional(parse_flag))
        balance: list[Decimal | None] = [Decimal("0.00") if d else None for d in paid_date]
    else:
        paid_date = job.parse("paid_date", dates)
        balance = job.parse("balance", money)
    _check_invoice_rows(job, numbers, issue, due, amount, balance)
    refs, new_customers = _customer_refs(job, create=mapping.create_customers, needed=[True] * len(rows))
    job.problems.raise_if_any()

    staged = zip(rows, refs, numbers, issue, due, amount, balance, paid_date, currency, po_number, disputed,
                 strict=True)
    with _staging(job.session, _INVOICE_STAGE, staged) as stage:
        _check_invoice_references(job, stage)
        job.problems.raise_if_any()
        summary.customers_created = _create_customers(job, new_customers)
        summary.invoices_created, summary.invoices_updated = _upsert_invoices(job, stage)
        summary.payments_created, summary.payments_updated, summary.payments_removed = _settle(job, stage)
        if history and job.has("disputed"):
            summary.disputes = _upsert_history_disputes(job, stage)


def _check_invoice_references(job: _Job, stage: str) -> None:
    """Refuse numbers owned by another customer and balances the ledger cannot reach."""
    number_column = job.column("invoice_number")
    for row, number, owner in job.sql(f"""
        SELECT s.row_no, s.number, c.external_id
        FROM {stage} s JOIN invoice i ON i.number = s.number JOIN customer c ON c.id = i.customer_id
        WHERE c.external_id <> s.customer_ext"""):
        job.problems.add(row, number_column, f"invoice {number} already belongs to customer {owner}")
    existing_ids = f"SELECT i.id FROM {stage} s JOIN invoice i ON i.number = s.number"
    for row, amount, balance, explained in job.sql(f"""
        SELECT s.row_no, s.amount, s.balance, e.explained
        FROM {stage} s JOIN invoice i ON i.number = s.number
        JOIN ({_explained(existing_ids)}) e ON e.invoice_id = i.id
        WHERE s.balance IS NOT NULL AND s.amount - s.balance < e.explained"""):
        job.problems.add(
            row, job.column("balance", "settled_date"),
            f"balance {balance} cannot be matched: the ledger already has {explained} paid or credited "
            f"on this invoice, so with amount {amount} its balance is at most {amount - explained}",
        )


def _check_invoice_rows(
    job: _Job,
    numbers: list[str | None],
    issue: list[dt.date | None],
    due: list[dt.date | None],
    amount: list[Decimal | None],
    balance: list[Decimal | None],
) -> None:
    first_row: dict[str, int] = {}
    duplicates = len(set(numbers)) != len(numbers)
    for row, number, issued, due_on, amt, bal in zip(job.rows, numbers, issue, due, amount, balance, strict=True):
        if issued and due_on and due_on < issued:
            job.problems.add(row, job.column("due_date"), f"due date {due_on} is before the issue date {issued}")
        if bal is not None and amt is not None and bal > amt:
            job.problems.add(row, job.column("balance"), f"balance {bal} is more than the invoice amount {amt}")
        if duplicates and number is not None:
            if number in first_row:
                job.problems.add(row, job.column("invoice_number"),
                                 f"duplicate invoice number {number} (first on row {first_row[number]})")
            else:
                first_row[number] = row


def _upsert_invoices(job: _Job, stage: str) -> tuple[int, int]:
    """Update changed invoices and insert new ones; returns (created, updated).

    Plain INSERT and UPDATE rather than INSERT … ON CONFLICT: speculative insertion costs about a
    third more at 100,000 rows, and the rows already in the ledger are known from validation.
    """
    known = f"{stage}_known"
    job.sql(f"""
        CREATE TEMP TABLE {known} ON COMMIT DROP AS
        SELECT s.row_no, i.id FROM {stage} s JOIN invoice i ON i.number = s.number""")
    columns = ["issue_date", "due_date", "amount"] + [c for c in ("currency", "po_number") if job.has(c)]
    values = {"issue_date": "s.issue_date", "due_date": "s.due_date", "amount": "s.amount",
              "currency": "coalesce(s.currency, 'USD')", "po_number": "s.po_number"}
    updated = job.sql(f"""
        UPDATE invoice inv SET {', '.join(f'{c} = {values[c]}' for c in columns)}
        FROM {known} k JOIN {stage} s ON s.row_no = k.row_no
        WHERE inv.id = k.id
          AND ({', '.join(f'inv.{c}' for c in columns)}) IS DISTINCT FROM ({', '.join(values[c] for c in columns)})
    """).rowcount
    created = _insert_new(job, f"""
        INSERT INTO invoice (customer_id, number, issue_date, due_date, amount, currency, po_number, created_at)
        SELECT c.id, s.number, s.issue_date, s.due_date, s.amount, coalesce(s.currency, 'USD'), s.po_number, now()
        FROM {stage} s JOIN customer c ON c.external_id = s.customer_ext
        LEFT JOIN {known} k ON k.row_no = s.row_no
        WHERE k.row_no IS NULL""")
    job.sql(f"DROP TABLE {known}")
    return created, int(updated)


def _insert_new(job: _Job, statement: str, **params: Any) -> int:
    """Insert rows validation found missing; a concurrent import adding the same keys aborts this one."""
    try:
        return int(job.sql(statement, **params).rowcount)
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) != "23505":  # only a unique violation is a race
            raise
        raise ImportFileError(
            job.file, "another import added some of the same rows at the same time; nothing was imported, "
            "run it again"
        ) from exc


def _settle(job: _Job, stage: str) -> tuple[int, int, int]:
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
        LEFT JOIN ({_explained(invoice_ids)}) e ON e.invoice_id = i.id
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
    created = _insert_new(job, f"""
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


def _upsert_history_disputes(job: _Job, stage: str) -> int:
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
        ON CONFLICT (external_id) DO UPDATE {_set_clause(columns, "d")}""",
        reason=HISTORY_DISPUTE_REASON, resolution=HISTORY_DISPUTE_RESOLUTION,
    )
    return int(job.sql(f"SELECT count(*) FROM {stage} WHERE disputed").scalar_one())


# --- payments ---

_PAYMENT_STAGE = {
    "row_no": "int4", "payment_ext": "text", "customer_ext": "text", "invoice_number": "text",
    "amount": "numeric", "received_on": "date", "method": "text", "reference": "text", "currency": "text",
}


def _import_payments(job: _Job, summary: TableImportSummary) -> None:
    """Each row allocates `amount` of payment `payment_id` to one invoice (or leaves it unallocated)."""
    mapping, rows = job.mapping, job.rows
    money = money_parser(mapping.decimal_separator, mapping.thousands)
    payment_ids = job.parse("payment_id", _text(128))
    references = job.parse("reference", _text(128))
    invoices = job.parse("invoice_number", _text(64))
    amount = job.parse("amount", money, required=True)
    received = job.parse("date", date_parser(mapping.date_formats), required=True)
    method = job.parse("method", _text(32))
    currency = job.parse("currency", _currency)
    externals = [p or r for p, r in zip(payment_ids, references, strict=True)]
    refs, _ = _customer_refs(job, create=False, needed=[i is None for i in invoices])
    _check_payment_rows(job, externals, refs, invoices, amount, received, method, currency)
    job.problems.raise_if_any()

    staged = zip(rows, externals, refs, invoices, amount, received, method, references, currency, strict=True)
    with _staging(job.session, _PAYMENT_STAGE, staged) as stage:
        _check_payment_references(job, stage)
        job.problems.raise_if_any()
        settled = _note_settlements(job, stage)
        summary.payments_created, summary.payments_updated = _upsert_payments(job, stage)
        summary.payments_removed = _adjust_settlements(job, stage, settled)


def _upsert_payments(job: _Job, stage: str) -> tuple[int, int]:
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
            ON CONFLICT (external_id) DO UPDATE {_set_clause(columns, "p")}
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
        ON CONFLICT (payment_id, invoice_id) DO UPDATE {_set_clause(["amount"], "a")}""")
    return int(created), int(updated)


def _check_payment_rows(
    job: _Job,
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


def _check_payment_references(job: _Job, stage: str) -> None:
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
    others = _explained(invoice_ids, except_payments=f"SELECT payment_ext FROM {stage}")
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


def _file_payments_before_settlements(settled: str, stage: str) -> str:
    """SQL: per invoice, what this file's payments dated on or before its settlement allocate to it."""
    return f"""
        SELECT t.invoice_id, sum(pa.amount) AS paid
        FROM {settled} t JOIN payment_allocation pa ON pa.invoice_id = t.invoice_id
        JOIN payment p ON p.id = pa.payment_id
        WHERE p.external_id IN (SELECT payment_ext FROM {stage}) AND p.received_on <= t.settled_on
        GROUP BY t.invoice_id"""


def _note_settlements(job: _Job, stage: str) -> str:
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


def _adjust_settlements(job: _Job, stage: str, settled: str) -> int:
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
            LEFT JOIN ({_explained(f"SELECT invoice_id FROM {settled}")}) e ON e.invoice_id = t.invoice_id
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


# --- customers (with contacts and contract terms) ---

_CUSTOMER_FIELDS = ("name", "segment", "timezone", "language", "owner_email", "automation_excluded")
_CONTRACT_FIELDS = ("payment_terms_days", "late_fee_type", "late_fee_value", "payment_plans_allowed")
_CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "contact_role", "contact_primary",
                   "contact_opted_out")


def _import_customers(job: _Job, summary: TableImportSummary) -> None:
    ids = job.parse("customer_id", _text(64), required=True)
    values: dict[str, list[Any]] = {
        "name": job.parse("name", _text(200)),
        "segment": job.parse("segment", _choice(SEGMENTS)),
        "timezone": job.parse("timezone", _timezone),
        "language": job.parse("language", _text(16)),
        "owner_email": job.parse("owner_email", _email),
        "automation_excluded": job.parse("automation_excluded", _optional(parse_flag)),
        "payment_terms_days": job.parse("payment_terms_days", _terms_days),
        "late_fee_type": job.parse("late_fee_type", _choice(LATE_FEE_TYPES)),
        "late_fee_value": job.parse("late_fee_value", _fee_value),
        "payment_plans_allowed": job.parse("payment_plans_allowed", _optional(parse_flag)),
        "contact_name": job.parse("contact_name", _text(200)),
        "contact_email": job.parse("contact_email", _email),
        "contact_phone": job.parse("contact_phone", _text(64)),
        "contact_role": job.parse("contact_role", _choice(CONTACT_ROLES)),
        "contact_primary": job.parse("contact_primary", _optional(parse_flag)),
        "contact_opted_out": job.parse("contact_opted_out", _optional(parse_flag)),
    }
    accounts, contacts = _group_customer_rows(job, ids, values)
    existing = {c.external_id: c for c in job.session.scalars(
        select(Customer).where(Customer.external_id == any_(literal(list(accounts), ARRAY(String))))
    )}
    for external_id, account in accounts.items():
        if external_id not in existing and "name" not in account:
            job.problems.add(account["_row"], job.column("name"), f"new customer {external_id} needs a name")
    job.problems.raise_if_any()

    for external_id, account in accounts.items():
        fields = {f: account[f] for f in _CUSTOMER_FIELDS if f in account}
        customer = existing.get(external_id)
        if customer is None:
            customer = Customer(external_id=external_id, segment="standard", timezone="UTC", language="en",
                                automation_excluded=False, rule_overrides={})
            _assign(customer, fields)
            job.session.add(customer)
            existing[external_id] = customer
            summary.customers_created += 1
        elif _assign(customer, fields):
            summary.customers_updated += 1
    job.session.flush()
    by_id = {e: c.id for e, c in existing.items()}
    _write_contracts(job, accounts, by_id)
    _write_contacts(job, contacts, by_id, summary)


def _group_customer_rows(
    job: _Job, ids: list[str | None], values: dict[str, list[Any]]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """One record per customer (its fields must agree across rows) and one per contact row."""
    accounts: dict[str, dict[str, Any]] = {}
    contacts: list[dict[str, Any]] = []
    contact_rows: dict[tuple[str, str], int] = {}
    primary_rows: dict[str, int] = {}
    for index, (row, external_id) in enumerate(zip(job.rows, ids, strict=True)):
        if external_id is None:
            continue
        account = accounts.setdefault(external_id, {"_row": row, "_rows": {}})
        for field in (*_CUSTOMER_FIELDS, *_CONTRACT_FIELDS):
            value = values[field][index]
            if value is None:
                continue
            if field not in account:
                account[field], account["_rows"][field] = value, row
            elif account[field] != value:
                job.problems.add(row, job.column(field), f"customer {external_id}: {value!r} differs from "
                                                         f"{account[field]!r} on row {account['_rows'][field]}")
        fee_type, fee_value = values["late_fee_type"][index], values["late_fee_value"][index]
        if (fee_type is None) != (fee_value is None):
            job.problems.add(row, job.column("late_fee_type" if fee_type is None else "late_fee_value"),
                             "a late fee needs both its type and its value")
        contact = {f.removeprefix("contact_"): values[f][index] for f in _CONTACT_FIELDS}
        if not any(v is not None for v in contact.values()):
            continue
        key = (contact["email"] or "").casefold() or f"name:{contact['name'] or contact['phone'] or ''}"
        if (external_id, key) in contact_rows:
            job.problems.add(row, job.column("contact_email", "contact_name"),
                             f"the same contact of customer {external_id} is on row {contact_rows[(external_id, key)]}")
        contact_rows.setdefault((external_id, key), row)
        if contact["primary"] and primary_rows.setdefault(external_id, row) != row:
            job.problems.add(row, job.column("contact_primary"), f"customer {external_id} already has its "
                                                                 f"primary contact on row {primary_rows[external_id]}")
        contacts.append({"customer": external_id, "key": key, **contact})
    return accounts, contacts


def _assign(row: object, values: dict[str, Any]) -> bool:
    changed = False
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    return changed


def _write_contracts(job: _Job, accounts: dict[str, dict[str, Any]], by_id: dict[str, int]) -> None:
    if not any(job.has(f) for f in _CONTRACT_FIELDS):
        return
    contracts = {c.customer_id: c for c in job.session.scalars(
        select(Contract).where(Contract.customer_id == any_(literal(list(by_id.values()), ARRAY(Integer))))
    )}
    for external_id, account in accounts.items():
        terms = {f: account[f] for f in _CONTRACT_FIELDS if f in account}
        if not terms:
            continue
        contract = contracts.get(by_id[external_id])
        if contract is None:
            contract = Contract(customer_id=by_id[external_id], payment_terms_days=30, payment_plans_allowed=True)
            job.session.add(contract)
        _assign(contract, terms)


def _write_contacts(
    job: _Job, contacts: list[dict[str, Any]], by_id: dict[str, int], summary: TableImportSummary
) -> None:
    if not contacts:
        return
    known: dict[tuple[int, str], Contact] = {}
    has_primary: set[int] = set()
    for stored in job.session.scalars(select(Contact).where(
        Contact.customer_id == any_(literal(list(by_id.values()), ARRAY(Integer)))
    )):
        key = (stored.email or "").casefold() or f"name:{stored.name or stored.phone or ''}"
        known[(stored.customer_id, key)] = stored
        if stored.is_primary:
            has_primary.add(stored.customer_id)
    now = utcnow()
    for data in contacts:
        customer_id = by_id[data["customer"]]
        contact = known.get((customer_id, data["key"]))
        values = {"name": data["name"], "email": data["email"], "phone": data["phone"], "role": data["role"],
                  "is_primary": data["primary"]}
        values = {k: v for k, v in values.items() if v is not None}
        if data["opted_out"] is not None:
            values["opted_out"] = data["opted_out"]
        if contact is None:
            primary = data["primary"] if data["primary"] is not None else customer_id not in has_primary
            contact = Contact(customer_id=customer_id, **{"role": "billing", "opted_out": False, **values})
            contact.is_primary = primary
            job.session.add(contact)
            known[(customer_id, data["key"])] = contact
            summary.contacts_created += 1
            if primary:
                has_primary.add(customer_id)
        elif _assign(contact, values):
            summary.contacts_updated += 1
        if contact.opted_out and contact.opted_out_at is None:
            contact.opted_out_at = now
        elif not contact.opted_out:
            contact.opted_out_at = None
    # One primary contact per customer: the file's choice demotes the others.
    chosen = {by_id[d["customer"]]: d["key"] for d in contacts if d["primary"]}
    for (customer_id, key), contact in known.items():
        if customer_id in chosen and key != chosen[customer_id] and contact.is_primary:
            contact.is_primary = False


__all__ = ["TableImportSummary", "import_table_file"]
