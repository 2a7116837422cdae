"""Decisions through the API resume the real agent's thread: approve sends once, refusals map to HTTP."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import AS_OF, ApiEnv, import_scenario


def queue_draft(env: ApiEnv, scenario: str) -> int:
    customer_id = import_scenario(env.factory, scenario)
    result = env.agent.run_account(customer_id, as_of=AS_OF)
    assert result.draft_id is not None, result
    return int(result.draft_id)


def test_approve_sends_exactly_once_and_is_audited(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-t1-friendly")
    page = agent_api.client.get(f"/api/drafts/{draft_id}", headers=agent_api.auth("collector")).json()
    assert page["status"] == "pending_review" and page["action"] == "send_reminder" and page["tier"] == "T1"
    assert page["facts"] and page["sources"] and page["checks"] and page["confidence_reasons"]

    response = agent_api.client.post(f"/api/drafts/{draft_id}/decision", json={"kind": "approve"},
                                     headers=agent_api.auth("collector"))
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "sent" and response.json()["status"] == "sent"
    assert [p.name for p in agent_api.outbox_dir.glob("*.eml")] == [f"arcopilot-draft-{draft_id}.eml"]

    again = agent_api.client.post(f"/api/drafts/{draft_id}/decision", json={"kind": "approve"},
                                  headers=agent_api.auth("manager"))
    assert again.status_code == 409 and "not waiting for review" in again.json()["detail"]
    assert len(list(agent_api.outbox_dir.glob("*.eml"))) == 1

    page = agent_api.client.get(f"/api/drafts/{draft_id}", headers=agent_api.auth("auditor")).json()
    assert page["status"] == "sent"
    assert [r["decision"] for r in page["reviews"]] == ["approve"]
    assert page["reviews"][0]["actor"] == "collector@ourco.example"
    approved = [e for e in page["events"] if e["action"] == "draft.approved"]
    assert approved and approved[0]["actor"] == "collector@ourco.example"
    outbox = agent_api.client.get("/api/outbox", headers=agent_api.auth("auditor")).json()
    assert [(m["draft_id"], m["status"]) for m in outbox] == [(draft_id, "sent")]


def test_actor_and_role_cannot_come_from_the_body(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-t1-friendly")
    response = agent_api.client.post(f"/api/drafts/{draft_id}/decision", headers=agent_api.auth("collector"),
                                     json={"kind": "approve", "actor": "ceo@ourco.example", "role": "manager"})
    assert response.status_code == 422
    assert "actor" in response.json()["detail"]
    assert not list(agent_api.outbox_dir.glob("*.eml"))


def test_auditors_cannot_decide(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-t1-friendly")
    response = agent_api.client.post(f"/api/drafts/{draft_id}/decision", json={"kind": "approve"},
                                     headers=agent_api.auth("auditor"))
    assert response.status_code == 403


def test_final_notice_needs_a_manager(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-final-notice")
    collector = agent_api.client.post(f"/api/drafts/{draft_id}/decision", json={"kind": "approve"},
                                      headers=agent_api.auth("collector"))
    assert collector.status_code == 403 and "manager" in collector.json()["detail"]
    inbox = agent_api.client.get("/api/approvals", headers=agent_api.auth("manager")).json()
    assert [i["draft"]["id"] for i in inbox["items"]] == [draft_id]
    assert "final_notice" in inbox["items"][0]["kinds"]

    manager = agent_api.client.post(f"/api/drafts/{draft_id}/decision", json={"kind": "approve"},
                                    headers=agent_api.auth("manager"))
    assert manager.status_code == 200, manager.text
    assert manager.json()["outcome"] in ("sent", "scheduled")
    page = agent_api.client.get(f"/api/drafts/{draft_id}", headers=agent_api.auth("manager")).json()
    assert page["manager_approved_by"] == "manager@ourco.example"


def test_reject_needs_a_reason_and_records_it(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-t1-friendly")
    url, headers = f"/api/drafts/{draft_id}/decision", agent_api.auth("collector")
    missing = agent_api.client.post(url, json={"kind": "reject"}, headers=headers)
    assert missing.status_code == 422 and "reason_code" in missing.json()["detail"]
    unknown = agent_api.client.post(url, json={"kind": "reject", "reason_code": "bored"}, headers=headers)
    assert unknown.status_code == 422 and "body.reason_code" in unknown.json()["detail"]
    ok = agent_api.client.post(url, json={"kind": "reject", "reason_code": "tone", "note": "too stiff"},
                               headers=headers)
    assert ok.status_code == 200 and ok.json()["status"] == "rejected"
    metrics = agent_api.client.get("/api/metrics", params={"as_of": "2026-11-18"},
                                   headers=agent_api.auth("manager")).json()
    assert metrics["reject_reasons"] == {"tone": 1}
    assert metrics["status_counts"]["rejected"] == 1
    assert not list(agent_api.outbox_dir.glob("*.eml"))


def test_snooze_needs_an_aware_time(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-t1-friendly")
    url, headers = f"/api/drafts/{draft_id}/decision", agent_api.auth("collector")
    naive = agent_api.client.post(url, json={"kind": "snooze", "snooze_until": "2026-11-25T09:00:00"},
                                  headers=headers)
    assert naive.status_code == 422
    until = (AS_OF + dt.timedelta(days=3)).isoformat()
    ok = agent_api.client.post(url, json={"kind": "snooze", "snooze_until": until}, headers=headers)
    assert ok.status_code == 200 and ok.json()["status"] == "snoozed"


def test_edit_keeps_a_diff_and_approval_without_edit_rate_counts_it(agent_api: ApiEnv) -> None:
    draft_id = queue_draft(agent_api, "pub-t1-friendly")
    page = agent_api.client.get(f"/api/drafts/{draft_id}", headers=agent_api.auth("collector")).json()
    body = page["body"].replace("Hello", "Hi", 1) if "Hello" in page["body"] else page["body"] + "\nThanks again."
    response = agent_api.client.post(f"/api/drafts/{draft_id}/decision", headers=agent_api.auth("collector"),
                                     json={"kind": "approve", "body": body})
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "sent"
    page = agent_api.client.get(f"/api/drafts/{draft_id}", headers=agent_api.auth("collector")).json()
    assert [r["decision"] for r in page["reviews"]] == ["edit", "approve"]
    assert page["reviews"][0]["diff"] and page["reviews"][0]["edit_distance"] > 0
    metrics = agent_api.client.get("/api/metrics", params={"as_of": "2026-11-18"},
                                   headers=agent_api.auth("manager")).json()
    assert metrics["approved_drafts"] == 1 and metrics["approval_without_edit_rate"] == 0.0
    assert metrics["average_edit_distance"] > 0
