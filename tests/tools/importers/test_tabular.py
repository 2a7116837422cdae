"""CSV and XLSX imports into the ledger: every kind, idempotent re-import, derived balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from tests.factories import make_credit_note, make_customer, make_invoice
from tests.tools.importers.helpers import ledger_counts, write_csv
from tools.importers.errors import ImportFileError
from tools.importers.tabular import HISTORY_DISPUTE_REASON, import_table_file
from tools.ledger import customer_open_balance, invoice_balances
from tools.models import Contact, Contract, Customer, Dispute, Invoice, Payment

IBM_CSV = Path("/work/shared/data/ibm_ar/WA_Fn-UseC_-Accounts-Receivable.csv")

CUSTOMERS = [
    ["customer_id", "name", "segment", "timezone", "contact_name", "contact_email", "contact_role",
     "contact_opted_out", "payment_terms_days", "late_fee_type", "late_fee_value", "payment_plans_allowed"],
    ["C-100", "Acme Supplies", "strategic", "America/Chicago", "Ann Payable", "ap@acme.example", "ap", "no",
     "Net 45", "percent_per_month", "1.5", "yes"],
    ["C-100", "Acme Supplies", "", "", "Bob Owner", "bob@acme.example", "owner", "yes", "", "", "", ""],
    ["C-200", "Birch Logistics", "Small Business", "Europe/Berlin", "", "", "", "", "30", "", "", "no"],
]

INVOICES = [
    ["customer_id", "invoice_number", "issue_date", "due_date", "amount", "balance", "currency", "po_number"],
    ["C-100", "INV-1", "2026-09-01", "2026-10-16", "1200.00", "1200.00", "USD", "PO-7"],
    ["C-100", "INV-2", "2026-09-15", "2026-10-30", "800.50", "300.50", "USD", ""],
    ["C-200", "INV-3", "2026-08-01", "2026-08-31", "99.99", "0", "EUR", ""],
]


def _balances(session, numbers):
    return {b.number: b.balance for b in invoice_balances(session, numbers=numbers)}


def _import_customers(session, tmp_path):
    return import_table_file(session, write_csv(tmp_path / "customers.csv", CUSTOMERS), kind="customers")


def test_customers_csv_creates_customers_contacts_and_contracts(session, tmp_path):
    summary = _import_customers(session, tmp_path)

    assert (summary.customers_created, summary.contacts_created) == (2, 2)
    acme = session.scalars(select(Customer).where(Customer.external_id == "C-100")).one()
    assert (acme.name, acme.segment, acme.timezone) == ("Acme Supplies", "strategic", "America/Chicago")
    contacts = {c.email: c for c in session.scalars(select(Contact).where(Contact.customer_id == acme.id))}
    assert contacts["ap@acme.example"].role == "ap" and contacts["ap@acme.example"].is_primary
    assert contacts["bob@acme.example"].opted_out and contacts["bob@acme.example"].opted_out_at is not None
    contract = session.scalars(select(Contract).where(Contract.customer_id == acme.id)).one()
    assert (contract.payment_terms_days, contract.late_fee_type, contract.late_fee_value) == (
        45, "percent_per_month", Decimal("1.5000"))
    birch = session.scalars(select(Customer).where(Customer.external_id == "C-200")).one()
    assert birch.segment == "small_business"
    birch_contract = session.scalars(select(Contract).where(Contract.customer_id == birch.id)).one()
    assert birch_contract.payment_plans_allowed is False


def test_customers_reimport_changes_nothing_and_a_changed_cell_updates_in_place(session, tmp_path):
    _import_customers(session, tmp_path)
    before = ledger_counts(session)
    again = _import_customers(session, tmp_path)
    assert (again.customers_created, again.customers_updated, again.contacts_created, again.contacts_updated) == (
        0, 0, 0, 0)
    assert ledger_counts(session) == before

    changed = [row[:] for row in CUSTOMERS]
    changed[3][1] = "Birch Logistics GmbH"
    summary = import_table_file(session, write_csv(tmp_path / "changed.csv", changed), kind="customers")
    assert (summary.customers_created, summary.customers_updated) == (0, 1)
    assert session.scalars(select(Customer.name).where(Customer.external_id == "C-200")).one() == "Birch Logistics GmbH"
    assert ledger_counts(session) == before


def test_invoice_csv_balances_match_the_file(session, tmp_path):
    _import_customers(session, tmp_path)
    summary = import_table_file(session, write_csv(tmp_path / "invoices.csv", INVOICES), kind="invoices")

    assert (summary.invoices_created, summary.payments_created) == (3, 2)
    assert _balances(session, ["INV-1", "INV-2", "INV-3"]) == {
        "INV-1": Decimal("1200.00"), "INV-2": Decimal("300.50"), "INV-3": Decimal("0.00")}
    inv1 = session.scalars(select(Invoice).where(Invoice.number == "INV-1")).one()
    assert (inv1.issue_date, inv1.due_date, inv1.po_number, inv1.currency) == (
        dt.date(2026, 9, 1), dt.date(2026, 10, 16), "PO-7", "USD")
    assert session.scalars(select(Invoice.currency).where(Invoice.number == "INV-3")).one() == "EUR"


def test_invoice_reimport_changes_nothing(session, tmp_path):
    _import_customers(session, tmp_path)
    path = write_csv(tmp_path / "invoices.csv", INVOICES)
    import_table_file(session, path, kind="invoices")
    before = ledger_counts(session)
    payments_before = sorted(session.execute(select(Payment.external_id, Payment.amount, Payment.received_on)).all())

    again = import_table_file(session, path, kind="invoices")

    assert (again.invoices_created, again.invoices_updated) == (0, 0)
    assert (again.payments_created, again.payments_updated, again.payments_removed) == (0, 0, 0)
    assert ledger_counts(session) == before
    assert sorted(session.execute(select(Payment.external_id, Payment.amount, Payment.received_on)).all()) == (
        payments_before)


def test_changed_balance_moves_the_settlement_and_a_full_balance_removes_it(session, tmp_path):
    _import_customers(session, tmp_path)
    import_table_file(session, write_csv(tmp_path / "invoices.csv", INVOICES), kind="invoices")
    later = [row[:] for row in INVOICES]
    later[1][5] = "1000.00"  # INV-1 now part-paid
    later[2][5] = "800.50"   # INV-2's earlier payment reversed
    summary = import_table_file(session, write_csv(tmp_path / "later.csv", later), kind="invoices")

    assert (summary.invoices_updated, summary.payments_created, summary.payments_removed) == (0, 1, 1)
    assert _balances(session, ["INV-1", "INV-2"]) == {"INV-1": Decimal("1000.00"), "INV-2": Decimal("800.50")}


def test_balance_accounts_for_payments_and_credit_notes_already_in_the_ledger(session, tmp_path):
    customer = make_customer(session, external_id="C-300")
    invoice = make_invoice(session, customer, number="INV-9", amount=Decimal("500.00"))
    make_credit_note(session, invoice, Decimal("100.00"))
    rows = [INVOICES[0], ["C-300", "INV-9", "2026-09-01", "2026-10-01", "500.00", "250.00", "USD", ""]]
    import_table_file(session, write_csv(tmp_path / "i.csv", rows), kind="invoices")
    assert _balances(session, ["INV-9"]) == {"INV-9": Decimal("250.00")}
    settlement = session.scalars(select(Payment).where(Payment.external_id == "tab-settlement:INV-9")).one()
    assert settlement.amount == Decimal("150.00") and settlement.method == "unrecorded"


def test_xlsx_aging_report_imports_with_typed_cells(session, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Customer ID", "Customer", "Invoice #", "Invoice Date", "Due Date", "Amount", "Open Amount",
                  "PO Number"])
    issued, due = dt.datetime(2026, 9, 1), dt.datetime(2026, 10, 1)  # noqa: DTZ001 - Excel cells are naive
    sheet.append(["X-1", "Xylo Ltd", 10001, issued, due, 1234.56, 234.56, None])
    sheet.append([])  # a blank row is skipped
    sheet.append(["X-1", "Xylo Ltd", "10002", "2026-09-20", "10/20/2026", "2,000.00", 2000, "PO-1"])
    sheet.append(["X-2", "Yew Inc", 10003, dt.date(2026, 9, 5), dt.date(2026, 10, 5), 55.94, 55.94, "PO-2"])
    path = tmp_path / "aging.xlsx"
    workbook.save(path)

    summary = import_table_file(session, path, kind="invoices", mapping="aging")

    assert (summary.customers_created, summary.invoices_created, summary.rows) == (2, 3, 3)
    assert _balances(session, ["10001", "10002", "10003"]) == {
        "10001": Decimal("234.56"), "10002": Decimal("2000.00"), "10003": Decimal("55.94")}
    xylo = session.scalars(select(Customer).where(Customer.external_id == "X-1")).one()
    assert (xylo.name, xylo.segment) == ("Xylo Ltd", "standard")
    assert customer_open_balance(session, customer_id=xylo.id) == Decimal("2234.56")
    second = session.scalars(select(Invoice).where(Invoice.number == "10002")).one()
    assert (second.issue_date, second.due_date) == (dt.date(2026, 9, 20), dt.date(2026, 10, 20))
    before = ledger_counts(session)
    again = import_table_file(session, path, kind="invoices", mapping="aging")
    assert (again.invoices_created, again.invoices_updated, again.payments_created) == (0, 0, 0)
    assert ledger_counts(session) == before


def test_ibm_history_imports_every_invoice_settled(session):
    summary = import_table_file(session, IBM_CSV, kind="history", mapping="ibm_ar")

    assert (summary.rows, summary.customers_created, summary.invoices_created) == (2466, 100, 2466)
    assert summary.payments_created == 2466 and summary.disputes == 561
    balances = invoice_balances(session)
    assert len(balances) == 2466
    assert all(b.balance == 0 for b in balances)
    first = next(b for b in balances if b.number == "611365")
    assert (first.issue_date, first.due_date, first.amount, first.last_payment_on) == (
        dt.date(2013, 1, 2), dt.date(2013, 2, 1), Decimal("55.94"), dt.date(2013, 1, 15))
    customer = session.scalars(select(Customer).where(Customer.external_id == "0379-NEVHP")).one()
    assert (customer.name, customer.segment) == ("0379-NEVHP", "standard")
    disputes = session.scalars(select(Dispute)).all()
    assert {(d.status, d.reason) for d in disputes} == {("resolved", HISTORY_DISPUTE_REASON)}
    disputed = session.scalars(select(Dispute).join(Invoice).where(Invoice.number == "7900770")).one()
    assert (disputed.opened_on, disputed.resolved_on) == (dt.date(2013, 1, 26), dt.date(2013, 3, 3))

    before = ledger_counts(session)
    again = import_table_file(session, IBM_CSV, kind="scenario", mapping="ibm_ar")  # the CLI's default kind
    assert (again.invoices_created, again.invoices_updated, again.payments_created) == (0, 0, 0)
    assert ledger_counts(session) == before


PAYMENTS = [
    ["payment_id", "customer_id", "invoice_number", "amount", "date", "method"],
    ["PAY-1", "C-100", "INV-1", "200.00", "2026-10-20", "ach"],
    ["PAY-1", "C-100", "INV-2", "100.00", "2026-10-20", "ach"],
    ["PAY-2", "", "INV-1", "50.00", "2026-10-25", "check"],
]


def test_payments_allocate_and_replace_the_aging_settlement(session, tmp_path):
    _import_customers(session, tmp_path)
    import_table_file(session, write_csv(tmp_path / "invoices.csv", INVOICES), kind="invoices",
                      today=dt.date(2026, 11, 1))
    # The report of 2026-11-01 showed 500.00 paid on INV-2; PAY-1 (2026-10-20) is 100.00 of it, so the
    # balance stays as reported while INV-1, which the report showed unpaid, drops by its payments.
    summary = import_table_file(session, write_csv(tmp_path / "payments.csv", PAYMENTS), kind="payments")

    assert (summary.payments_created, summary.payments_removed) == (2, 0)
    pay1 = session.scalars(select(Payment).where(Payment.external_id == "PAY-1")).one()
    assert (pay1.amount, pay1.method, pay1.received_on) == (Decimal("300.00"), "ach", dt.date(2026, 10, 20))
    assert _balances(session, ["INV-1", "INV-2"]) == {"INV-1": Decimal("950.00"), "INV-2": Decimal("300.50")}
    settlement = session.scalars(select(Payment).where(Payment.external_id == "tab-settlement:INV-2")).one()
    assert settlement.amount == Decimal("400.00")

    before = ledger_counts(session)
    again = import_table_file(session, write_csv(tmp_path / "payments.csv", PAYMENTS), kind="payments")
    assert (again.payments_created, again.payments_updated, again.payments_removed) == (0, 0, 0)
    assert ledger_counts(session) == before


def test_a_payment_after_the_aging_report_lowers_the_balance(session, tmp_path):
    _import_customers(session, tmp_path)
    import_table_file(session, write_csv(tmp_path / "invoices.csv", INVOICES), kind="invoices",
                      today=dt.date(2026, 10, 1))
    rows = [PAYMENTS[0], ["PAY-9", "C-100", "INV-2", "300.50", "2026-10-15", "wire"]]
    summary = import_table_file(session, write_csv(tmp_path / "payments.csv", rows), kind="payments")
    assert (summary.payments_created, summary.payments_removed) == (1, 0)
    assert _balances(session, ["INV-2"]) == {"INV-2": Decimal("0.00")}


def test_a_payments_file_is_the_authority_on_its_allocations(session, tmp_path):
    _import_customers(session, tmp_path)
    import_table_file(session, write_csv(tmp_path / "invoices.csv", INVOICES), kind="invoices",
                      today=dt.date(2026, 11, 1))
    import_table_file(session, write_csv(tmp_path / "p.csv", PAYMENTS[:3]), kind="payments")
    moved = [PAYMENTS[0], ["PAY-1", "C-100", "INV-1", "300.00", "2026-10-20", "ach"]]
    summary = import_table_file(session, write_csv(tmp_path / "p2.csv", moved), kind="payments")
    assert summary.payments_updated == 0  # same total, same date: only its allocations moved
    # INV-2 loses PAY-1's 100.00, so its settlement takes it back: the balance is the report's again.
    assert _balances(session, ["INV-1", "INV-2"]) == {"INV-1": Decimal("900.00"), "INV-2": Decimal("300.50")}


def test_a_mapping_file_with_day_first_dates_and_decimal_commas(session, tmp_path):
    mapping = tmp_path / "erp.json"
    mapping.write_text("""{
        "kind": "invoices",
        "columns": {"Kunde": "customer_id", "Rechnung": "invoice_number", "Datum": "issue_date",
                    "Fällig": "due_date", "Betrag": "amount", "Offen": "balance"},
        "date_format": "%d.%m.%Y", "decimal_separator": ",", "thousands_separator": ".",
        "delimiter": ";", "encoding": "cp1252", "defaults": {"currency": "EUR"}
    }""", encoding="utf-8")
    _import_customers(session, tmp_path)
    rows = [["Kunde", "Rechnung", "Datum", "Fällig", "Betrag", "Offen"],
            ["C-200", "R-2026-01", "03.02.2026", "05.03.2026", "1.234,56", "234,56"]]
    path = write_csv(tmp_path / "export.csv", rows, encoding="cp1252", delimiter=";")

    summary = import_table_file(session, path, kind="invoices", mapping=str(mapping))

    assert summary.mapping == "erp"
    invoice = session.scalars(select(Invoice).where(Invoice.number == "R-2026-01")).one()
    assert (invoice.issue_date, invoice.due_date, invoice.amount, invoice.currency) == (
        dt.date(2026, 2, 3), dt.date(2026, 3, 5), Decimal("1234.56"), "EUR")
    assert _balances(session, ["R-2026-01"]) == {"R-2026-01": Decimal("234.56")}


def test_a_mapping_for_another_kind_is_refused(session, tmp_path):
    path = write_csv(tmp_path / "i.csv", INVOICES)
    with pytest.raises(ImportFileError, match="mapping 'ibm_ar' is for history files, not invoices"):
        import_table_file(session, path, kind="invoices", mapping="ibm_ar")
    with pytest.raises(ImportFileError, match=r"a CSV/XLSX file needs --kind customers\|invoices\|payments\|history"):
        import_table_file(session, path, kind="scenario", mapping="generic")
