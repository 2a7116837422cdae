"""One table import in progress: its columns parsed row by row, every problem collected; and its summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from tools.importers.mapping import Kind, Mapping
from tools.importers.readers import Cell, Problems, RawTable

T = TypeVar("T")


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


@dataclass
class TableJob:
    """One file being imported: its mapped columns, the caller's session and the problems found so far."""

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
        """The file's row numbers, as a spreadsheet shows them."""
        return self.table.row_numbers

    def has(self, field: str) -> bool:
        """Whether the file maps `field` to a column or the mapping gives it a default."""
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
        """Each row's cell of `field`, the mapping's default standing in for empty or unmapped cells."""
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
        """Run one SQL statement in the import's session."""
        return self.session.execute(text(statement), params)
