"""Read CSV and XLSX files into columns of cells, and parse cells into dates, money and flags.

Refuses what cannot be read safely, naming the file, row and column: a file that is not UTF-8
(unless the mapping declares its encoding), an empty file, a field over `MAX_FIELD_CHARS`, a row
with more values than the header. Rows are numbered as a spreadsheet shows them: the header is
row 1 in a CSV, and an XLSX keeps its own row numbers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain
from operator import itemgetter
from pathlib import Path

from tools.importers.errors import ImportFileError

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_FIELD_CHARS = 10_000
MAX_ROWS = 2_000_000
PROBLEMS_SHOWN = 20

Cell = str | dt.date | Decimal
"""A CSV gives strings; an XLSX also gives typed dates and numbers."""


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    problem: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column {self.column!r}"] if self.column is not None else []
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


class TableImportError(ImportFileError):
    """Every problem found in a file (the first `PROBLEMS_SHOWN` in the message); nothing was written."""

    def __init__(self, file: str, problems: list[Problem]):
        ordered = sorted(problems, key=lambda p: (p.row or 0, p.column or ""))
        count = len(ordered)
        lines = [
            f"{count} problem{'s' if count != 1 else ''}, nothing was imported "
            "(rows are numbered as in a spreadsheet: the header is row 1)"
        ]
        lines += [f"  {p}" for p in ordered[:PROBLEMS_SHOWN]]
        if count > PROBLEMS_SHOWN:
            lines.append(f"  … and {count - PROBLEMS_SHOWN} more")
        super().__init__(file, "\n".join(lines))
        self.problems = ordered
        self.row, self.column = ordered[0].row, ordered[0].column


@dataclass
class Problems:
    """Collects problems so a file reports all of them at once."""

    file: str
    items: list[Problem] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, problem: str) -> None:
        self.items.append(Problem(row, column, problem))

    def raise_if_any(self) -> None:
        if self.items:
            raise TableImportError(self.file, self.items)


@dataclass(frozen=True)
class RawTable:
    """The header and, for each column, its cells ("" when empty); blank rows are dropped."""

    headers: list[str]
    columns: list[list[Cell]]
    row_numbers: list[int]


def read_table(path: Path, *, encoding: str | None, delimiter: str | None, sheet: str | None) -> RawTable:
    """Read a .csv (or .txt/.tsv) or .xlsx file."""
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(file, f"cannot be read: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise ImportFileError(file, f"is {size:,} bytes; files over {MAX_FILE_BYTES:,} bytes are refused")
    if size == 0:
        raise ImportFileError(file, "the file is empty")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet=sheet)
    if path.suffix.lower() == ".xls":
        raise ImportFileError(file, "old .xls workbooks are not supported; save it as .xlsx or CSV UTF-8")
    return _read_csv(path, encoding=encoding, delimiter=delimiter)


def _read_csv(path: Path, *, encoding: str | None, delimiter: str | None) -> RawTable:
    file = str(path)
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(file, "looks like an XLSX workbook, not a CSV; give it the .xlsx extension")
    text = _decode(file, data, encoding)
    if not text.strip():
        raise ImportFileError(file, "the file is empty")
    if "\x00" in text:
        raise ImportFileError(file, "contains NUL bytes: it is not a text file, or it is UTF-16 without a BOM")
    delimiter = delimiter or _sniff_delimiter(text)
    old_limit = csv.field_size_limit(MAX_FILE_BYTES)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(file, f"is not valid CSV: {exc}") from exc
    finally:
        csv.field_size_limit(old_limit)
    return _csv_table(file, records)


def _csv_table(file: str, records: list[list[str]]) -> RawTable:
    """The common case in C-speed passes: a header first, no blank or ragged rows, no huge fields."""
    if records and records[0] and any(records[0]):
        width = len(records[0])
        body = records[1:]
        if (
            body
            and set(map(len, body)) == {width}
            and all(map(any, body))
            and max(map(len, chain.from_iterable(records))) <= MAX_FIELD_CHARS
            and len(body) <= MAX_ROWS
        ):
            headers = [h.strip().lstrip("\ufeff") for h in records[0]]
            columns: list[list[Cell]] = [list(map(itemgetter(i), body)) for i in range(width)]
            return RawTable(headers=headers, columns=columns, row_numbers=list(range(2, len(body) + 2)))
    return _to_table(file, enumerate(records, start=1))


def _decode(file: str, data: bytes, encoding: str | None) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        if encoding:
            problem = f"byte 0x{byte:02x} on line {line} is not valid {encoding}"
            raise ImportFileError(file, problem, row=line) from exc
        raise ImportFileError(
            file,
            f"is not UTF-8 (byte 0x{byte:02x} on line {line}){_guess_encoding(data)}. Save it as UTF-8 "
            '(Excel: "CSV UTF-8"), or import it with a mapping file that declares its encoding, '
            'for example "encoding": "cp1252"',
            row=line,
        ) from exc


def _guess_encoding(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    return f"; it looks like {best.encoding}" if best is not None else ""


def _sniff_delimiter(text: str) -> str:
    header = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_xlsx(path: Path, *, sheet: str | None) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(file, f"is not a readable .xlsx workbook ({exc})") from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise ImportFileError(file, f"has no sheet {sheet!r}; its sheets are {workbook.sheetnames}")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = (
            (number, [_xlsx_cell(v) for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        )
        return _to_table(file, rows)
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # repr is the shortest string that round-trips, so 55.94 stays 55.94, never 55.93999…
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else Decimal(repr(value))
    return str(value)


def _to_table(file: str, records: Iterable[tuple[int, Sequence[Cell]]]) -> RawTable:
    problems = Problems(file)
    headers: list[str] | None = None
    rows: list[Sequence[Cell]] = []
    numbers: list[int] = []
    for number, record in records:
        if not any(record) or all(isinstance(c, str) and not c.strip() for c in record):
            continue
        if _longest(record) > MAX_FIELD_CHARS:
            record = _refuse_huge_fields(problems, number, record, headers)
        if headers is None:
            headers = [cell_text(c).lstrip("\ufeff") for c in record]
            continue
        if len(record) != len(headers):
            if len(record) > len(headers) and any(record[len(headers):]):
                problems.add(number, None, f"has {len(record)} values but the header has {len(headers)} columns")
            record = [*record[: len(headers)], *[""] * (len(headers) - len(record))]
        rows.append(record)
        numbers.append(number)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(file, f"has more than {MAX_ROWS:,} data rows; split it")
    problems.raise_if_any()
    if headers is None:
        raise ImportFileError(file, "the file is empty")
    if not rows:
        raise ImportFileError(file, "has a header row but no data rows")
    columns = [list(c) for c in zip(*rows, strict=True)]
    return RawTable(headers=headers, columns=columns, row_numbers=numbers)


def _longest(record: Sequence[Cell]) -> int:
    try:
        return max(map(len, record))  # type: ignore[arg-type]  # all strings: the fast path for CSV
    except TypeError:
        return max(len(c) if isinstance(c, str) else 0 for c in record)


def _refuse_huge_fields(
    problems: Problems, number: int, record: Sequence[Cell], headers: list[str] | None
) -> list[Cell]:
    cleaned: list[Cell] = []
    for index, cell in enumerate(record):
        if isinstance(cell, str) and len(cell) > MAX_FIELD_CHARS:
            column = headers[index] if headers is not None and index < len(headers) else f"#{index + 1}"
            problems.add(number, column, f"field of {len(cell):,} characters; at most {MAX_FIELD_CHARS:,} allowed")
            cell = ""
        cleaned.append(cell)
    return cleaned


# --- cell parsers: each returns the value or raises ValueError with a message for a person ---


def friendly_date_format(fmt: str) -> str:
    """'%m/%d/%Y' → 'MM/DD/YYYY', for error messages."""
    for code, word in (("%Y", "YYYY"), ("%y", "YY"), ("%m", "MM"), ("%d", "DD"), ("%b", "Mon"), ("%B", "Month")):
        fmt = fmt.replace(code, word)
    return fmt


def date_parser(formats: list[str]) -> Callable[[Cell], dt.date | None]:
    """A parser for dates in any of `formats` (tried in order), remembering each distinct value."""
    cache: dict[Cell, dt.date] = {}
    expected = " or ".join(friendly_date_format(f) for f in formats)
    iso_only = formats == ["%Y-%m-%d"]

    def parse(cell: Cell) -> dt.date | None:
        hit = cache.get(cell)  # dates and numbers are never cached, only strings
        if hit is not None:
            return hit
        if isinstance(cell, dt.date):
            return cell
        if isinstance(cell, Decimal):
            raise ValueError(f"{cell} is a number, not a date (expected {expected})")
        text = cell.strip()
        if not text:
            return None
        for fmt in formats:
            try:
                value = (
                    dt.date.fromisoformat(text)
                    if iso_only and len(text) == 10
                    else dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
                )
            except ValueError:
                continue
            cache[cell] = value
            return value
        raise ValueError(f"{text!r} is not a date in the format {expected}")

    return parse


MAX_AMOUNT = Decimal("999999999999.99")  # NUMERIC(14, 2)


def money_parser(decimal_separator: str, thousands_separator: str) -> Callable[[Cell], Decimal | None]:
    """A parser for non-negative amounts with at most two decimals, as exact Decimals (None when empty)."""
    strip = str.maketrans("", "", f"{thousands_separator} \u00a0\u202f$€£¥")
    plain_first = decimal_separator == "."
    cent = Decimal("0.01")
    expected = f"decimal separator {decimal_separator!r}" + (
        f", thousands separator {thousands_separator!r}" if thousands_separator else ""
    )

    def read(cell: str) -> Decimal:
        text = cell.translate(strip)
        if text.startswith("(") and text.endswith(")"):  # accounting notation for a negative amount
            text = "-" + text[1:-1]
        if decimal_separator != ".":
            text = text.replace(".", "\x00").replace(decimal_separator, ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{cell.strip()!r} is not an amount ({expected})") from None

    def parse(cell: Cell) -> Decimal | None:
        if isinstance(cell, Decimal):
            amount = cell
        elif isinstance(cell, dt.date):
            raise ValueError(f"{cell.isoformat()} is a date, not an amount")
        elif plain_first:
            try:
                amount = Decimal(cell)  # the common case: plain digits with a point
            except InvalidOperation:
                if not cell.strip():
                    return None
                amount = read(cell)
        else:
            if not cell.strip():
                return None
            amount = read(cell)
        if not amount.is_finite() or amount > MAX_AMOUNT:
            raise ValueError(f"{str(cell).strip()!r} is not an amount up to {MAX_AMOUNT:,}")
        if amount < 0:
            raise ValueError(f"negative amount {amount} is not allowed")
        rounded = amount.quantize(cent)
        if rounded != amount:
            raise ValueError(f"{amount} has more than two decimals")
        return rounded

    return parse


TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sí"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "nein", "non"})


def parse_flag(cell: Cell) -> bool:
    """Yes/No, True/False, 1/0, Y/N (any case)."""
    word = str(cell).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{str(cell).strip()!r} is not yes or no")


def cell_text(cell: Cell) -> str:
    """A cell as trimmed text (an XLSX number or date becomes its plain text)."""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()
