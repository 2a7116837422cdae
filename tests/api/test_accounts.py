"""Accounts: the list, one account's page, and calls, promises and disputes recorded by collectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.api.conftest import ApiEnv
from tests.factories import (
    make_communication,
    make_credit_note,
    make_customer,
    make_dispute,
    make_invoice,
    make_payment,
    make_promise,
)

ON = "2026-11-18"


def seed(api: ApiEnv) -> dict[str, int]:
    with api.factory.begin() as session:
        acme = make_customer(session, name="Acme Tools", segment="strategic", owner_email="dana@ourco.example")
        old = make_invoice(session, acme, number="AC-1", due_date=dt.date(2026, 8, 1), amount=Decimal("1000.00"))
        make_payment(session, old, Decimal("400.00"), on=dt.date(2026, 9, 1))
        new = make_invoice(session, acme, number="AC-2", due_date=dt.date(2026, 11, 30), amount=Decimal("250.00"))
        make_credit_note(session, new, Decimal("50.00"))
        make_dispute(session, old, reason="short shipment")
        make_promise(session, acme, amount=Decimal("100.00"))
        make_communication(session, acme, subject="First reminder")
        beta = make_customer(session, name="Beta 100% Foods")
        make_invoice(session, beta, number="BE-1", due_date=dt.date(2026, 11, 10), amount=Decimal("5000.00"))
        quiet = make_customer(session, name="Quiet Co")
        return {"acme": acme.id, "beta": beta.id, "quiet": quiet.id}


def test_accounts_list_with_balances_search_and_filters(api: ApiEnv) -> None:
    ids = seed(api)
    headers = api.auth("collector")
    listing = api.client.get("/api/accounts", params={"as_of": ON}, headers=headers).json()
    assert listing["total"] == 3
    rows = {r["id"]: r for r in listing["items"]}
    assert [r["id"] for r in listing["items"]] == [ids["beta"], ids["acme"], ids["quiet"]]
    assert rows[ids["acme"]]["open_balance"] == "800.00"
    assert rows[ids["acme"]]["oldest_days_past_due"] == 109
    assert rows[ids["acme"]]["open_invoices"] == 2 and rows[ids["acme"]]["open_disputes"] == 1
    assert rows[ids["quiet"]]["open_balance"] == "0.00" and rows[ids["quiet"]]["oldest_days_past_due"] is None
    search = api.client.get("/api/accounts", params={"q": "100%"}, headers=headers).json()
    assert [r["id"] for r in search["items"]] == [ids["beta"]]
    strategic = api.client.get("/api/accounts", params={"segment": "strategic"}, headers=headers).json()
    assert [r["id"] for r in strategic["items"]] == [ids["acme"]]


def test_account_page_has_ledger_aging_and_timeline(api: ApiEnv) -> None:
    ids = seed(api)
    page = api.client.get(f"/api/accounts/{ids['acme']}", params={"as_of": ON}, headers=api.auth("auditor")).json()
    assert page["open_balance"] == "800.00"
    assert page["aging"]["over_90"] == "600.00" and page["aging"]["current"] == "200.00"
    assert [i["number"] for i in page["account"]["invoices"]] == ["AC-1", "AC-2"]
    assert page["account"]["credit_notes"][0]["invoice"] == "AC-2"
    kinds = [e["kind"] for e in page["timeline"]]
    assert {"communication", "payment", "promise", "dispute_opened"} <= set(kinds)
    times = [e["at"] for e in page["timeline"]]
    assert times == sorted(times, reverse=True)
    assert api.client.get("/api/accounts/999999", headers=api.auth("auditor")).status_code == 404


def test_calls_promises_and_disputes_are_recorded_and_audited(api: ApiEnv) -> None:
    ids = seed(api)
    headers, acme = api.auth("collector"), ids["acme"]
    call = api.client.post(f"/api/accounts/{acme}/calls", headers=headers,
                           json={"summary": "Spoke to AP; payment run on Friday.", "contact": "Pat"})
    assert call.status_code == 201 and call.json()["channel"] == "phone" and call.json()["direction"] == "outbound"
    inbound = api.client.post(f"/api/accounts/{acme}/calls", headers=headers,
                              json={"direction": "inbound", "summary": "They called about AC-1."})
    assert inbound.status_code == 201

    promised = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)).isoformat()
    promise = api.client.post(f"/api/accounts/{acme}/promises", headers=headers,
                              json={"amount": "300.00", "promised_date": promised, "invoice_numbers": ["AC-1"]})
    assert promise.status_code == 201, promise.text
    assert promise.json()["status"] == "pending" and promise.json()["invoice_numbers"] == ["AC-1"]

    dispute = api.client.post(f"/api/accounts/{acme}/disputes", headers=headers,
                              json={"invoice_number": "AC-2", "reason": "wrong unit price"})
    assert dispute.status_code == 201 and dispute.json()["owner_email"] == "dana@ourco.example"
    twice = api.client.post(f"/api/accounts/{acme}/disputes", headers=headers,
                            json={"invoice_number": "AC-2", "reason": "again"})
    assert twice.status_code == 409
    resolved = api.client.patch(f"/api/disputes/{dispute.json()['id']}", headers=headers,
                                json={"resolution": "credit note issued"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    again = api.client.patch(f"/api/disputes/{dispute.json()['id']}", headers=headers, json={"resolution": "x"})
    assert again.status_code == 409

    audit = api.client.get("/api/audit", headers=api.auth("admin")).json()["items"]
    actions = [(e["action"], e["actor"]) for e in audit]
    for action in ("communication.call_logged", "promise.recorded", "dispute.opened", "dispute.resolved"):
        assert (action, "collector@ourco.example") in actions


def test_activities_refuse_what_does_not_fit_the_account(api: ApiEnv) -> None:
    ids = seed(api)
    headers, acme = api.auth("collector"), ids["acme"]
    soon = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)).isoformat()
    cases = [
        ("promises", {"amount": "9000.00", "promised_date": soon}, 422, "exceeds the open balance"),
        ("promises", {"amount": "10.00", "promised_date": soon, "invoice_numbers": ["BE-1"]}, 422, "BE-1"),
        ("promises", {"amount": "10.00", "promised_date": "2020-01-01"}, 422, "promised_date"),
        ("promises", {"amount": "-5", "promised_date": soon}, 422, "amount"),
        ("promises", {"amount": "1.234", "promised_date": soon}, 422, "amount"),
        ("disputes", {"invoice_number": "NOPE-1", "reason": "r"}, 422, "NOPE-1"),
        ("disputes", {"invoice_number": "AC-1", "reason": ""}, 422, "reason"),
        ("calls", {"summary": ""}, 422, "summary"),
        ("calls", {"summary": "x", "at": "2026-11-18T10:00:00"}, 422, "at"),
        ("calls", {"summary": "nul \u0000 byte"}, 422, "summary"),
    ]
    for kind, body, status_code, words in cases:
        response = api.client.post(f"/api/accounts/{acme}/{kind}", json=body, headers=headers)
        assert response.status_code == status_code, (kind, body, response.text)
        assert words in response.json()["detail"], (kind, body, response.text)
    assert api.client.post("/api/accounts/999999/calls", json={"summary": "x"}, headers=headers).status_code == 404
    assert api.client.patch("/api/disputes/999999", json={"resolution": "x"}, headers=headers).status_code == 404
