"""Metrics, agent runs, eval runs and the audit trail's paging."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from tests.api.conftest import AS_OF, ApiEnv, import_scenario
from tests.factories import make_customer, make_invoice, make_payment
from tools.models import EvalRun


def test_metrics_aging_history_and_dso_come_from_the_ledger(api: ApiEnv) -> None:
    with api.factory.begin() as session:
        customer = make_customer(session)
        paid_late = make_invoice(session, customer, issue_date=dt.date(2026, 6, 1), due_date=dt.date(2026, 7, 1),
                                 amount=Decimal("900.00"))
        make_payment(session, paid_late, Decimal("900.00"), on=dt.date(2026, 9, 15))
        make_invoice(session, customer, issue_date=dt.date(2026, 9, 1), due_date=dt.date(2026, 10, 1),
                     amount=Decimal("300.00"))
    response = api.client.get("/api/metrics", params={"as_of": "2026-11-18", "months": 6, "throughput_days": 7},
                              headers=api.auth("manager"))
    assert response.status_code == 200, response.text
    metrics = response.json()
    assert metrics["aging_now"]["days_31_60"] == "300.00" and metrics["aging_now"]["total"] == "300.00"
    history = {h["month_end"]: h["buckets"] for h in metrics["aging_history"]}
    assert list(history) == ["2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"]
    assert history["2026-05-31"]["total"] == "0.00"  # not yet issued
    assert history["2026-06-30"]["current"] == "900.00"
    assert history["2026-07-31"]["days_1_30"] == "900.00"  # 30 days past due
    assert history["2026-08-31"]["days_61_90"] == "900.00"  # 61 days past due; paid on Sep 15
    assert history["2026-09-30"]["current"] == "300.00" and history["2026-09-30"]["total"] == "300.00"
    assert metrics["dso_days"] == 90.0  # 300 open / 300 invoiced in 90 days × 90
    assert len(metrics["throughput"]) == 7


def test_runs_start_in_the_background_and_report_progress(agent_api: ApiEnv) -> None:
    customer_id = import_scenario(agent_api.factory, "pub-t1-friendly")
    started = agent_api.client.post("/api/runs", json={"as_of": AS_OF.isoformat(), "customer_ids": [customer_id]},
                                    headers=agent_api.auth("manager"))
    assert started.status_code == 202, started.text
    run_id = started.json()["run_id"]
    deadline = time.monotonic() + 60
    while True:
        run = agent_api.client.get(f"/api/runs/{run_id}", headers=agent_api.auth("auditor")).json()
        if run["finished_at"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert run["status"] == "finished" and run["done"] == run["total"] == 1 and run["progress"] == 1.0
    assert run["started_by"] == "manager@ourco.example"
    assert [r["id"] for r in agent_api.client.get("/api/runs", headers=agent_api.auth("admin")).json()] == [run_id]
    queue = agent_api.client.get("/api/drafts", headers=agent_api.auth("collector")).json()
    assert queue["total"] == 1
    assert agent_api.client.get("/api/runs/999", headers=agent_api.auth("admin")).status_code == 404
    assert agent_api.client.post("/api/runs", json={"as_of": "2026-11-18T15:00:00"},
                                 headers=agent_api.auth("manager")).status_code == 422


def test_evals_list_latest_first_and_one_with_its_report(api: ApiEnv) -> None:
    with api.factory.begin() as session:
        for n in range(3):
            session.add(EvalRun(started_at=AS_OF + dt.timedelta(hours=n), dataset=f"ds-{n}", drafter="template",
                                passed=n != 1, summary={"accuracy": 0.9}, report={"cases": [n]}))
    runs = api.client.get("/api/evals", params={"limit": 2}, headers=api.auth("collector")).json()
    assert [r["dataset"] for r in runs] == ["ds-2", "ds-1"] and runs[0]["report"] is None
    one = api.client.get(f"/api/evals/{runs[1]['id']}", headers=api.auth("auditor")).json()
    assert one["passed"] is False and one["report"] == {"cases": [1]}


def test_audit_filters_and_pages(api: ApiEnv) -> None:
    for n in range(3):
        api.add_user(f"temp{n}", "collector")
    headers = api.auth("auditor")
    first = api.client.get("/api/audit", params={"action": "user.", "limit": 5}, headers=headers).json()
    assert len(first["items"]) == 5 and first["has_more"] is True  # 4 seeded + 3 added users
    rest = api.client.get("/api/audit", params={"action": "user.", "limit": 5, "offset": 5}, headers=headers).json()
    assert len(rest["items"]) == 2 and rest["has_more"] is False
    mine = api.client.get("/api/audit", params={"entity_type": "app_user",
                                                "entity_id": str(api.users["temp0"].id)}, headers=headers).json()
    assert [e["action"] for e in mine["items"]] == ["user.created"]
    future = api.client.get("/api/audit", params={"since": "2999-01-01T00:00:00"}, headers=headers).json()
    assert future["items"] == []


def test_a_run_for_unknown_customers_is_refused_before_it_starts(agent_api: ApiEnv) -> None:
    response = agent_api.client.post("/api/runs", json={"customer_ids": [424242]}, headers=agent_api.auth("admin"))
    assert response.status_code == 422 and "424242" in response.json()["detail"]
    assert agent_api.client.get("/api/runs", headers=agent_api.auth("admin")).json() == []


def test_dates_outside_any_ledger_are_422_not_overflows(api: ApiEnv) -> None:
    for path in ("/api/metrics", "/api/accounts"):
        for day in ("0001-01-15", "9999-12-31"):
            response = api.client.get(path, params={"as_of": day}, headers=api.auth("admin"))
            assert response.status_code == 422 and "as_of" in response.json()["detail"], (path, day)
