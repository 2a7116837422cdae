"""Reading CSV/XLSX bytes (BOM, CRLF, encodings) and validating mapping files, without a database."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import openpyxl
import pytest

from tools.importers.errors import ImportFileError
from tools.importers.mapping import load_mapping, resolve_columns
from tools.importers.readers import date_parser, money_parser, read_table


def _read(path, **options):
    return read_table(path, encoding=options.get("encoding"), delimiter=options.get("delimiter"), sheet=None)


def test_bom_and_crlf_are_handled(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfInvoice #,Amount\r\nA-1,\"1,000.00\"\r\nA-2,5\r\n")
    table = _read(path)
    assert table.headers == ["Invoice #", "Amount"]
    assert table.columns == [["A-1", "A-2"], ["1,000.00", "5"]]
    assert table.row_numbers == [2, 3]


def test_utf16_with_a_bom_and_a_declared_encoding_are_read(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("Kunde;Betrag\r\nMüller;1,5\r\n".encode("utf-16"))
    assert _read(path).columns == [["Müller"], ["1,5"]]  # ';' is sniffed from the header
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Kunde,Betrag\nMüller,2\n".encode("cp1252"))
    assert _read(latin, encoding="cp1252").columns[0] == ["Müller"]


def test_an_xlsx_renamed_to_csv_is_named_for_what_it_is(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["a"])
    path = tmp_path / "really.csv"
    workbook.save(path)
    with pytest.raises(ImportFileError, match="looks like an XLSX workbook"):
        _read(path)


def test_xlsx_header_below_title_rows_keeps_sheet_row_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A3"], sheet["B3"] = "Invoice #", "Amount"
    sheet["A4"], sheet["B4"] = "N-1", 12.5
    sheet["A6"], sheet["B6"] = "N-2", dt.datetime(2026, 1, 2)  # noqa: DTZ001 - Excel cells are naive
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    table = _read(path)
    assert table.headers == ["Invoice #", "Amount"]
    assert table.row_numbers == [4, 6]
    assert table.columns[1] == [Decimal("12.5"), dt.date(2026, 1, 2)]


def test_money_and_dates_parse_exactly():
    money = money_parser(".", ",")
    assert money("1,234.56") == Decimal("1234.56")
    assert money("$ 7") == Decimal("7.00")
    assert money("") is None
    assert money_parser(",", ".")("1.234,5") == Decimal("1234.50")
    assert money_parser(",", "")("0,1") == Decimal("0.10")
    us = date_parser(["%m/%d/%Y"])
    assert us("1/2/2013") == dt.date(2013, 1, 2)
    with pytest.raises(ValueError, match="'13/2/2013' is not a date in the format MM/DD/YYYY"):
        us("13/2/2013")


def _mapping_file(tmp_path, data):
    path = tmp_path / "m.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", r"is not valid JSON"),
        ([1, 2], r"must be a JSON object"),
        ({"columns": {}}, r"columns: maps no columns"),
        ({"columns": {"Amt": "amout"}}, r"columns: 'Amt' maps to unknown field 'amout'; fields are"),
        ({"columns": {"Amt": "amount"}, "date_format": "%d.%m"}, r"date_format: '%d.%m' is not a usable date format"),
        ({"columns": {"Amt": "amount"}, "encoding": "klingon"}, r"encoding: unknown encoding 'klingon'"),
        ({"columns": {"Amt": "amount"}, "decimal_separator": ",", "thousands_separator": ","},
         r"thousands_separator must differ"),
        ({"columns": {"Amt": "amount"}, "decimal_separator": ";"}, r"decimal_separator: Input should be"),
        ({"columns": {"Amt": "amount"}, "colums": {}}, r"colums: Extra inputs are not permitted"),
        ({"kind": "payments", "columns": {"Due": "due_date"}}, r"fields not used for payments: 'Due' → 'due_date'"),
        ({"columns": {"Amt": "amount", "AMT": "amount"}}, r"'Amt' and 'AMT' are the same column"),
    ],
)
def test_a_bad_mapping_file_is_refused_clearly(tmp_path, data, message):
    path = _mapping_file(tmp_path, data)
    with pytest.raises(ImportFileError, match=message) as info:
        load_mapping(str(path))
    assert str(path) in str(info.value)


def test_unknown_mapping_names_the_presets():
    with pytest.raises(ImportFileError, match=r"no such mapping: use a preset \(generic, aging, ibm_ar\)"):
        load_mapping("quickbooks")


def test_column_names_match_ignoring_case_spaces_and_punctuation():
    mapping = load_mapping("generic")
    fields = resolve_columns(mapping, "invoices", ["Customer ID", "INVOICE NUMBER", "issue-date", "Due_Date",
                                                   " Amount ", "Comment"], "f.csv")
    assert fields == {"customer_id": 0, "invoice_number": 1, "issue_date": 2, "due_date": 3, "amount": 4}


def test_two_columns_for_one_field_are_refused():
    with pytest.raises(ImportFileError, match="columns 'Balance' and 'Open Amount' both map to balance"):
        resolve_columns(load_mapping("aging"), "invoices",
                        ["Customer", "Invoice #", "Invoice Date", "Due Date", "Amount", "Balance", "Open Amount"],
                        "f.csv")
