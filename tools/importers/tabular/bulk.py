"""Bulk writing: COPY rows into a temporary staging table, then set-based UPDATE / INSERT … SELECT."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tools.importers.errors import ImportFileError
from tools.importers.tabular.job import TableJob


@contextmanager
def staging(session: Session, columns: dict[str, str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """COPY `rows` into a new temporary table with `columns` (name → psycopg type); yields its name."""
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


def set_clause(columns: Sequence[str], table: str) -> str:
    """`SET a = excluded.a, … WHERE (t.a, …) IS DISTINCT FROM (excluded.a, …)`: idle rows stay untouched."""
    return (
        f"SET {', '.join(f'{c} = excluded.{c}' for c in columns)}"
        f" WHERE ({', '.join(f'{table}.{c}' for c in columns)})"
        f" IS DISTINCT FROM ({', '.join(f'excluded.{c}' for c in columns)})"
    )


def insert_new(job: TableJob, statement: str, **params: Any) -> int:
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
