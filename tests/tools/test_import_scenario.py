"""Scenario files into the ledger: all ten public examples, idempotent re-import, clear errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tools.importers.errors import ImportFileError
from tools.importers.scenario import import_scenario_file
from tools.ledger import invoice_balances
from tools.models import Communication, Customer, Invoice, Payment
from tools.scenario_format import load_scenario

EXAMPLES = sorted(Path(__file__).resolve().parents[3].joinpath("shared/scenarios/examples").glob("*.json"))


def _counts(session):
    return {
        m.__name__: session.scalar(select(func.count()).select_from(m))
        for m in (Customer, Invoice, Payment, Communication)
    }


def test_every_public_example_imports_with_the_files_balances(session):
    assert len(EXAMPLES) == 10
    for path in EXAMPLES:
        import_scenario_file(session, path, embedder=None)
        scenario = load_scenario(path)
        customer = session.scalars(select(Customer).where(Customer.external_id == scenario.customer.id)).one()
        derived = {b.number: b.balance for b in invoice_balances(session, customer_id=customer.id)}
        assert derived == {i.number: i.balance for i in scenario.invoices}, path.name


def test_reimport_changes_nothing(session):
    for path in EXAMPLES:
        import_scenario_file(session, path, embedder=None)
    first = _counts(session)
    for path in EXAMPLES:
        import_scenario_file(session, path, embedder=None)
    assert _counts(session) == first


def test_changed_balance_on_reimport_updates_in_place(session, tmp_path):
    data = json.loads(EXAMPLES[-1].read_text())
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    import_scenario_file(session, path, embedder=None)
    data["invoices"][-1]["balance"] = "200.00"
    path.write_text(json.dumps(data))
    import_scenario_file(session, path, embedder=None)
    number = data["invoices"][-1]["number"]
    [row] = invoice_balances(session, numbers=[number])
    assert row.balance == Decimal("200.00")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["invoices"][0].update(amount="-5.00"), "invoices.0"),
        (lambda d: d["invoices"][0].update(due_date="2026-02-31"), "invoices.0.due_date"),
        (lambda d: d["invoices"][0].update(amount="twelve"), "not a number"),
        (lambda d: d["invoices"].append(dict(d["invoices"][0])), "duplicate invoice numbers"),
        (lambda d: d["payments"].append({"invoice": "NOPE-1", "amount": "1.00", "date": "2026-01-01"}),
         "unknown invoices: NOPE-1"),
        (lambda d: d["customer"].update(timezone="Mars/Olympus"), "unknown IANA time zone"),
        (lambda d: d["rules"].update(min_days_between_contacts=-3), "min_days_between_contacts"),
    ],
)
def test_bad_scenario_names_the_field_and_writes_nothing(session, tmp_path, mutate, message):
    data = json.loads(EXAMPLES[-1].read_text())
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    before = _counts(session)
    with pytest.raises(ImportFileError, match=message) as info:
        with session.begin_nested():
            import_scenario_file(session, path, embedder=None)
    assert str(path) in str(info.value)
    assert _counts(session) == before


def test_empty_and_non_utf8_files_are_refused(session, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("  ")
    with pytest.raises(ImportFileError, match="empty"):
        import_scenario_file(session, empty, embedder=None)
    latin = tmp_path / "latin.json"
    latin.write_bytes(EXAMPLES[-1].read_text().replace("Northwind", "Nörthwind").encode("latin-1"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        import_scenario_file(session, latin, embedder=None)
