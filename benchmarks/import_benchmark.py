"""Benchmark the CSV importer: 100,000 aging-report rows into a fresh database, against a raw COPY.

    .venv/bin/python benchmarks/import_benchmark.py [--rows 100000] [--customers 2000] [--repeat 3]

Generates the CSV (2,000 customers; 70% of invoices fully open, 30% part-paid so they carry a
settlement payment), then, `--repeat` times, on a fresh migrated database on the embedded server:
imports it through `import_table_file` (the `aging` preset, customers created from the file),
re-imports it (the idempotent path, nothing changes), COPYs the same rows into a bare table, and
INSERTs them from there into an invoice-shaped table with the same indexes and foreign key (what the
schema alone costs). Prints the best and median of each and the ratio importer / COPY. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from tools.embedded_pg import sqlalchemy_url, start_server
from tools.importers.tabular import import_table_file
from tools.migrate import upgrade
from tools.models import Invoice, Payment

HEADER = "Customer ID,Customer,Invoice #,Invoice Date,Due Date,Amount,Balance,Currency,PO Number\n"


def write_aging_csv(path: Path, *, rows: int, customers: int, seed: int = 7) -> None:
    """An aging report: 70% of invoices fully open, 30% part-paid."""
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    lines = [HEADER]
    for n in range(rows):
        customer = rng.randrange(customers)
        issued = start + dt.timedelta(days=rng.randrange(600))
        amount = Decimal(rng.randrange(5_000, 5_000_000)) / 100
        balance = amount if rng.random() < 0.7 else (amount * Decimal(rng.random())).quantize(Decimal("0.01"))
        po = f"PO-{rng.randrange(10**6):06d}" if rng.random() < 0.5 else ""
        lines.append(
            f"C{customer:05d},Customer {customer} Ltd,INV-{n:07d},{issued.isoformat()},"
            f"{(issued + dt.timedelta(days=30)).isoformat()},{amount},{balance},USD,{po}\n"
        )
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh databases to run on; best and median shown")
    parser.add_argument("--pgdata", type=Path, default=Path(".arcopilot/test-pgdata"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="import-bench-") as workdir:
        _run(args, Path(workdir) / "aging.csv")


def _run(args: argparse.Namespace, csv_path: Path) -> None:
    write_aging_csv(csv_path, rows=args.rows, customers=args.customers)
    print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.1f} MB) for {args.customers:,} customers")

    server = start_server(args.pgdata)
    admin = create_engine(sqlalchemy_url(server, "postgres"), isolation_level="AUTOCOMMIT")
    timings: dict[str, list[float]] = {"import": [], "re-import": [], "copy": [], "floor": []}
    for _ in range(args.repeat):
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = create_engine(sqlalchemy_url(server, name))
        try:
            upgrade(engine)
            timings["import"].append(_timed(partial(_import, engine, csv_path)))
            timings["re-import"].append(_timed(partial(_import, engine, csv_path)))
            with Session(engine) as session:
                invoices = session.scalar(select(func.count()).select_from(Invoice))
                payments = session.scalar(select(func.count()).select_from(Payment))
            timings["copy"].append(_timed(partial(_copy, engine, csv_path)))
            timings["floor"].append(_floor(engine))
        finally:
            engine.dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()

    print(f"ledger after import: {invoices:,} invoices, {payments:,} settlement payments")
    best = {k: min(v) for k, v in timings.items()}
    for label, key, note in (
        ("importer", "import", "first import into an empty ledger"),
        ("re-import", "re-import", "same file again: nothing changes"),
        ("raw COPY", "copy", "bare table, no indexes, no keys"),
        ("schema floor", "floor", "INSERT…SELECT into an invoice-shaped table: same indexes + foreign key"),
    ):
        print(f"{label:13s} best {best[key]:6.2f} s ({args.rows / best[key]:9,.0f} rows/s)"
              f"  median {statistics.median(timings[key]):6.2f} s  — {note}")
    print(f"ratio importer / COPY: {best['import'] / best['copy']:.1f}x best"
          f" ({statistics.median(timings['import']) / statistics.median(timings['copy']):.1f}x median);"
          f" re-import {best['re-import'] / best['copy']:.1f}x; schema floor {best['floor'] / best['copy']:.1f}x")


def _timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _import(engine: Engine, path: Path) -> None:
    with Session(engine) as session, session.begin():
        import_table_file(session, path, kind="invoices", mapping="aging")


def _copy(engine: Engine, path: Path) -> None:
    data = path.read_bytes()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE bare_copy (customer_id text, customer text, number text, issue_date date,"
            " due_date date, amount numeric(14,2), balance numeric(14,2), currency text, po_number text)"
        )
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy("COPY bare_copy FROM STDIN (FORMAT csv, HEADER true)") as copy:
            copy.write(data)


def _floor(engine: Engine) -> float:
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoice_floor (LIKE invoice INCLUDING ALL)")
        conn.exec_driver_sql("ALTER TABLE invoice_floor ADD FOREIGN KEY (customer_id) REFERENCES customer (id)")
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO invoice_floor (customer_id, number, issue_date, due_date, amount, currency, po_number,"
            " created_at) SELECT c.id, b.number, b.issue_date, b.due_date, b.amount, b.currency, b.po_number, now()"
            " FROM bare_copy b JOIN customer c ON c.external_id = b.customer_id"
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
