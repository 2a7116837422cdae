"""Import errors that name the file, the row, the column and the problem."""

from __future__ import annotations


class ImportFileError(ValueError):
    """A file that cannot be imported; nothing from it was written."""

    def __init__(self, file: str, problem: str, *, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}")
