"""Bad CSV/XLSX input: each problem names file, row, column and what is wrong, and writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import make_customer, make_invoice
from tests.tools.importers.helpers import ledger_counts, write_csv
from tools.importers.errors import ImportFileError
from tools.importers.readers import MAX_FIELD_CHARS, TableImportError
from tools.importers.tabular import import_table_file

HEADER = ["customer_id", "invoice_number", "issue_date", "due_date", "amount", "balance"]
GOOD = ["C-1", "INV-1", "2026-09-01", "2026-10-01", "100.00", "100.00"]


@pytest.fixture()
def known_customer(session):
    return make_customer(session, external_id="C-1")


def _refused(session, path, match, *, kind="invoices", mapping="generic"):
    before = ledger_counts(session)
    with pytest.raises(ImportFileError, match=match) as info:
        import_table_file(session, path, kind=kind, mapping=mapping)
    assert str(path) in str(info.value)
    assert ledger_counts(session) == before, "a refused file must write nothing"
    return info.value


def _with(**changes):
    row = GOOD[:]
    for field, value in changes.items():
        row[HEADER.index(field)] = value
    return row


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (_with(issue_date="2026-02-31"), "issue_date", r"'2026-02-31' is not a date in the format YYYY-MM-DD"),
        (_with(due_date="1/10/2026"), "due_date", r"'1/10/2026' is not a date in the format YYYY-MM-DD"),
        (_with(amount="-5.00"), "amount", r"negative amount -5.00 is not allowed"),
        (_with(amount="twelve"), "amount", r"'twelve' is not an amount"),
        (_with(amount="10.005"), "amount", r"10.005 has more than two decimals"),
        (_with(amount=""), "amount", r"is empty; a value is required"),
        (_with(balance="150.00"), "balance", r"balance 150.00 is more than the invoice amount 100.00"),
        (_with(due_date="2026-08-01"), "due_date", r"due date 2026-08-01 is before the issue date 2026-09-01"),
        (_with(customer_id="C-404"), "customer_id", r"unknown customer 'C-404': not in the ledger"),
    ],
)
def test_bad_cell_names_row_column_and_value(session, tmp_path, known_customer, row, column, message):
    path = write_csv(tmp_path / "bad.csv", [HEADER, GOOD[:1] + ["INV-0"] + GOOD[2:], row])
    error = _refused(session, path, message)
    assert isinstance(error, TableImportError)
    assert (error.row, error.column) == (3, column)
    assert f"row 3, column {column!r}" in str(error)
    assert "the header is row 1" in str(error)


def test_missing_required_columns_are_listed_with_the_columns_found(session, tmp_path, known_customer):
    path = write_csv(tmp_path / "cols.csv", [["Customer ID", "Amount", "Notes"], ["C-1", "5", "x"]])
    error = _refused(session, path, r"missing required columns for invoices")
    text = str(error)
    for field in ("invoice_number", "issue_date", "due_date"):
        assert field in text
    assert "Columns found: 'Customer ID', 'Amount', 'Notes'" in text


def test_missing_columns_of_a_preset_name_what_it_accepts(session, tmp_path):
    path = write_csv(tmp_path / "cols.csv", [["Customer", "Invoice #", "Amount"], ["A", "1", "5"]])
    error = _refused(session, path, r"missing required columns", mapping="aging")
    assert "issue_date (as 'Invoice Date', 'Date', 'Issue Date', 'Document Date')" in str(error)


def test_duplicate_invoice_numbers_within_the_file(session, tmp_path, known_customer):
    path = write_csv(tmp_path / "dup.csv", [HEADER, GOOD, GOOD, _with(invoice_number="INV-2")])
    error = _refused(session, path, r"duplicate invoice number INV-1 \(first on row 2\)")
    assert (error.row, error.column) == (3, "invoice_number")


def test_a_number_already_belonging_to_another_customer(session, tmp_path, known_customer):
    other = make_customer(session, external_id="C-OTHER")
    make_invoice(session, other, number="INV-1")
    path = write_csv(tmp_path / "owned.csv", [HEADER, GOOD])
    error = _refused(session, path, r"invoice INV-1 already belongs to customer C-OTHER")
    assert (error.row, error.column) == (2, "invoice_number")


def test_a_balance_the_ledger_cannot_reach(session, tmp_path, known_customer):
    from tests.factories import make_payment

    invoice = make_invoice(session, known_customer, number="INV-1", amount=Decimal("100.00"))
    make_payment(session, invoice, Decimal("60.00"))
    path = write_csv(tmp_path / "reach.csv", [HEADER, GOOD])
    _refused(session, path, r"balance 100.00 cannot be matched: the ledger already has 60.00 paid or credited")


def test_every_problem_is_reported_not_just_the_first(session, tmp_path, known_customer):
    rows = [HEADER] + [_with(invoice_number=f"INV-{n}", amount="bad") for n in range(30)]
    error = _refused(session, write_csv(tmp_path / "many.csv", rows), r"30 problems, nothing was imported")
    assert isinstance(error, TableImportError) and len(error.problems) == 30
    assert "… and 10 more" in str(error)


def test_unknown_customer_and_invoice_in_a_payments_file(session, tmp_path, known_customer):
    make_invoice(session, known_customer, number="INV-1")
    rows = [["payment_id", "customer_id", "invoice_number", "amount", "date"],
            ["P-1", "C-404", "INV-1", "10.00", "2026-10-01"]]
    _refused(session, write_csv(tmp_path / "p1.csv", rows), r"row 2, column 'customer_id': unknown customer 'C-404'",
             kind="payments")
    rows[1] = ["P-1", "C-1", "INV-404", "10.00", "2026-10-01"]
    _refused(session, write_csv(tmp_path / "p2.csv", rows), r"row 2, column 'invoice_number': unknown invoice INV-404",
             kind="payments")


def test_a_payment_larger_than_what_is_open(session, tmp_path, known_customer):
    make_invoice(session, known_customer, number="INV-1", amount=Decimal("100.00"))
    rows = [["payment_id", "customer_id", "invoice_number", "amount", "date"],
            ["P-1", "C-1", "INV-1", "80.00", "2026-10-01"], ["P-2", "C-1", "INV-1", "30.00", "2026-10-02"]]
    _refused(session, write_csv(tmp_path / "over.csv", rows),
             r"payments in this file allocate 110.00 to invoice INV-1, but only 100.00 is open", kind="payments")


def test_wrong_encoding_is_refused_with_a_guess_and_the_fix(session, tmp_path, known_customer):
    path = write_csv(tmp_path / "latin.csv", [HEADER, _with(invoice_number="Rechnung-Müller")], encoding="cp1252")
    error = _refused(session, path, r"is not UTF-8 \(byte 0xfc on line 2\)")
    assert '"encoding": "cp1252"' in str(error)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "the file is empty"),
        (",".join(HEADER).encode() + b"\r\n", "has a header row but no data rows"),
    ],
)
def test_empty_files(session, tmp_path, content, message):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    _refused(session, path, message)


def test_a_huge_field_is_refused_with_its_row_and_column(session, tmp_path, known_customer):
    path = write_csv(tmp_path / "huge.csv", [HEADER, GOOD, _with(invoice_number="X" * (MAX_FIELD_CHARS + 1))])
    error = _refused(session, path, r"row 3, column 'invoice_number': field of 10,001 characters")
    assert (error.row, error.column) == (3, "invoice_number")


def test_an_over_long_value_for_its_column(session, tmp_path, known_customer):
    path = write_csv(tmp_path / "long.csv", [HEADER, _with(invoice_number="N" * 65)])
    _refused(session, path, r"row 2, column 'invoice_number': 'NNNNNNNNNNNNNNNNNNNNNNNN'… is 65 characters")


def test_rows_are_numbered_as_a_spreadsheet_shows_them(session, tmp_path, known_customer):
    """A quoted line break stays in one row and blank lines still count, as in Excel."""
    path = tmp_path / "rows.csv"
    path.write_bytes(
        b"customer_id,invoice_number,issue_date,due_date,amount,po_number\r\n"
        b'C-1,INV-1,2026-09-01,2026-10-01,10.00,"PO\r\nsecond line"\r\n'
        b"\r\n"
        b"C-1,INV-2,2026-09-01,2026-10-01,oops,\r\n"
    )
    error = _refused(session, path, r"row 4, column 'amount': 'oops' is not an amount")
    assert error.row == 4


def test_a_row_with_more_values_than_the_header(session, tmp_path, known_customer):
    path = write_csv(tmp_path / "ragged.csv", [HEADER, GOOD + ["extra"]])
    _refused(session, path, r"row 2: has 7 values but the header has 6 columns")


CUSTOMER_HEADER = ["customer_id", "name", "segment", "timezone", "contact_email", "late_fee_type", "late_fee_value"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["C-9", "Nine", "vip", "", "", "", ""]], r"row 2, column 'segment': 'vip' is not one of: standard"),
        ([["C-9", "Nine", "", "Mars/Olympus", "", "", ""]], r"'Mars/Olympus' is not an IANA time zone"),
        ([["C-9", "Nine", "", "", "not-an-email", "", ""]], r"'not-an-email' is not an email address"),
        ([["C-9", "Nine", "", "", "", "flat", ""]], r"column 'late_fee_value': a late fee needs both"),
        ([["C-9", "Nine", "", "", "", "", ""], ["C-9", "Nein", "", "", "", "", ""]],
         r"row 3, column 'name': customer C-9: 'Nein' differs from 'Nine' on row 2"),
        ([["C-9", "", "", "", "a@b.example", "", ""]], r"row 2, column 'name': new customer C-9 needs a name"),
    ],
)
def test_bad_customer_rows(session, tmp_path, rows, message):
    _refused(session, write_csv(tmp_path / "c.csv", [CUSTOMER_HEADER, *rows]), message, kind="customers")
