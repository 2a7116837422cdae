"""The review queue, one draft's page, reassignment and bulk approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.api.conftest import AS_OF, ApiEnv, import_scenario
from tests.factories import make_customer
from tools.models import Draft, Review

PASSING_CHECKS = [{"rule": "footer", "severity": "hard", "passed": True, "detail": ""}]


def make_draft(session: Session, **overrides: Any) -> Draft:
    """A queued draft row (no graph thread behind it: for reads, reassignment and refusals only)."""
    customer = overrides.pop("customer", None) or make_customer(session)
    values: dict[str, Any] = {
        "customer_id": customer.id, "thread_id": f"test-{customer.id}-{overrides.get('tier', 'T1')}",
        "status": "pending_review", "action": "send_reminder", "tier": "T1", "channel": "email",
        "recipient": "ap@customer.example", "subject": "Reminder", "body": "Invoice INV-1 is overdue.",
        "facts": [{"id": "F1", "text": "INV-1 balance 100.00 USD", "source": "invoice:INV-1"}],
        "checks": PASSING_CHECKS, "confidence": 0.9, "confidence_reasons": ["all checks pass"],
        "priority": Decimal("10"), "total_due": Decimal("100.00"), "as_of": AS_OF,
    }
    values.update(overrides)
    draft = Draft(**values, original_subject=values["subject"], original_body=values["body"])
    session.add(draft)
    session.flush()
    return draft


def test_queue_filters_sorts_paginates_and_counts(api: ApiEnv) -> None:
    with api.factory.begin() as session:
        low = make_draft(session, confidence=0.4, priority=Decimal("50"), tier="T2")
        high = make_draft(session, confidence=0.95, priority=Decimal("5"))
        make_draft(session, status="sent")
        manager = make_draft(session, tier="T4", action="final_notice", needs_manager_approval=True,
                             priority=Decimal("1"), customer=make_customer(session, segment="government"))
    get = lambda **p: api.client.get("/api/drafts", params=p, headers=api.auth("collector")).json()  # noqa: E731
    default = get()
    assert [d["id"] for d in default["items"]] == [low.id, high.id, manager.id]
    assert default["total"] == 3 and default["counts"] == {"pending_review": 3, "sent": 1}
    assert [d["id"] for d in get(sort="confidence")["items"]][0] == high.id
    assert [d["id"] for d in get(min_confidence=0.5, max_confidence=0.99)["items"]] == [high.id, manager.id]
    assert [d["id"] for d in get(tier=["T2", "T4"])["items"]] == [low.id, manager.id]
    assert [d["id"] for d in get(segment="government")["items"]] == [manager.id]
    assert [d["id"] for d in get(needs_manager_approval=True)["items"]] == [manager.id]
    assert [d["id"] for d in get(action="final_notice")["items"]] == [manager.id]
    page = get(limit=1, offset=1)
    assert [d["id"] for d in page["items"]] == [high.id] and page["total"] == 3
    assert get(status=["sent"])["total"] == 1


def test_bad_queue_parameters_are_422(api: ApiEnv) -> None:
    for params in ({"status": "lost"}, {"tier": "T9"}, {"sort": "random"}, {"limit": 0}, {"limit": 10_000},
                   {"min_confidence": 2}, {"offset": -1}, {"needs_manager_approval": "maybe"}):
        response = api.client.get("/api/drafts", params=params, headers=api.auth("collector"))
        assert response.status_code == 422, params
        assert next(iter(params)) in response.json()["detail"]


def test_draft_page_shows_history_and_similar_sent_drafts(api: ApiEnv) -> None:
    with api.factory.begin() as session:
        for n, body in enumerate(["Invoice INV-7 is overdue, please pay.", "Completely different words here.",
                                  "Invoice INV-9 is overdue, please pay soon.", "Old one about INV-3."]):
            make_draft(session, status="sent", body=body, decided_at=AS_OF - dt.timedelta(days=n + 1))
        make_draft(session, status="sent", tier="T2", body="Invoice INV-1 is overdue.")  # other tier
        draft = make_draft(session, body="Invoice INV-1 is overdue, please pay.")
    page = api.client.get(f"/api/drafts/{draft.id}", headers=api.auth("auditor")).json()
    assert page["sources"] == ["invoice:INV-1"]
    assert len(page["similar"]) == 3
    assert all(s["tier"] == "T1" and s["action"] == "send_reminder" for s in page["similar"])
    assert page["similar"][0]["body"].startswith("Invoice INV-7")
    assert page["similar"][0]["similarity"] >= page["similar"][-1]["similarity"]
    assert api.client.get("/api/drafts/424242", headers=api.auth("auditor")).status_code == 404


def test_reassign_rules_and_audit(api: ApiEnv) -> None:
    api.add_user("collector2", "collector")
    with api.factory.begin() as session:
        draft = make_draft(session)
        sent = make_draft(session, status="sent")
    url = f"/api/drafts/{draft.id}/reassign"
    ok = api.client.post(url, json={"assignee": "Collector2@ourco.example"}, headers=api.auth("collector"))
    assert ok.status_code == 200 and ok.json()["assignee"] == "collector2@ourco.example"
    to_manager = api.client.post(url, json={"assignee": "manager@ourco.example"}, headers=api.auth("collector"))
    assert to_manager.status_code == 403
    assert api.client.post(url, json={"assignee": "manager@ourco.example"},
                           headers=api.auth("manager")).status_code == 200
    assert api.client.post(url, json={"assignee": "auditor@ourco.example"},
                           headers=api.auth("manager")).status_code == 409
    assert api.client.post(url, json={"assignee": "ghost@ourco.example"},
                           headers=api.auth("manager")).status_code == 409
    assert api.client.post(f"/api/drafts/{sent.id}/reassign", json={"assignee": "collector@ourco.example"},
                           headers=api.auth("manager")).status_code == 409
    audit = api.client.get("/api/audit", params={"action": "draft.reassigned", "entity_id": str(draft.id)},
                           headers=api.auth("auditor")).json()["items"]
    assert [(e["actor"], e["detail"]["to"]) for e in audit] == [
        ("manager@ourco.example", "manager@ourco.example"), ("collector@ourco.example", "collector2@ourco.example")]
    mine = api.client.get("/api/drafts", params={"assignee": "manager@ourco.example"},
                          headers=api.auth("manager")).json()
    assert [d["id"] for d in mine["items"]] == [draft.id]


def test_bulk_approve_sends_only_what_the_rules_allow(agent_api: ApiEnv) -> None:
    manager = agent_api.auth("manager")
    rules = agent_api.client.get("/api/rules", headers=manager).json()["rules"]
    rules["bulk_approve"] = {"max_tier": "T2", "min_confidence": 0.7, "actions": ["send_reminder"]}
    assert agent_api.client.put("/api/rules", json={"rules": rules}, headers=manager).status_code == 200

    customer_id = import_scenario(agent_api.factory, "pub-t1-friendly")
    good = agent_api.agent.run_account(customer_id, as_of=AS_OF).draft_id
    final = agent_api.agent.run_account(import_scenario(agent_api.factory, "pub-final-notice"), as_of=AS_OF).draft_id
    with agent_api.factory.begin() as session:
        t3 = make_draft(session, tier="T3", confidence=0.99).id
        unsure = make_draft(session, tier="T1", confidence=0.5).id
        failing = make_draft(session, checks=[{"rule": "forbidden_phrase", "severity": "hard", "passed": False,
                                               "detail": "says 'or else'"}]).id

    response = agent_api.client.post("/api/drafts/bulk-approve", headers=agent_api.auth("collector"),
                                     json={"draft_ids": [good, t3, unsure, failing, final, 999999]})
    assert response.status_code == 200, response.text
    body = response.json()
    results = {r["draft_id"]: r for r in body["results"]}
    assert body["approved"] == 1 and body["refused"] == 5
    assert results[good]["approved"] and results[good]["outcome"] == "sent"
    assert "tier T3" in results[t3]["reason"]
    assert "confidence 0.50" in results[unsure]["reason"]
    assert "forbidden_phrase" in results[failing]["reason"]
    assert "manager" in results[final]["reason"]
    assert results[999999]["reason"] == "no such draft"
    assert [p.name for p in agent_api.outbox_dir.glob("*.eml")] == [f"arcopilot-draft-{good}.eml"]
    with agent_api.factory() as session:
        statuses = dict(session.execute(select(Draft.id, Draft.status).where(Draft.id.in_([t3, unsure, failing,
                                                                                           final]))).tuples().all())
        assert set(statuses.values()) == {"pending_review"}
        assert session.scalar(select(func.count()).select_from(Review).where(Review.draft_id != good)) == 0


def test_bulk_approve_input_limits(agent_api: ApiEnv) -> None:
    headers = agent_api.auth("collector")
    for body in ({"draft_ids": []}, {"draft_ids": list(range(1, 102))}, {"draft_ids": [0]},
                 {"draft_ids": [2**40]}, {"draft_ids": "1,2"}):
        assert agent_api.client.post("/api/drafts/bulk-approve", json=body, headers=headers).status_code == 422
