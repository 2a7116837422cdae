"""Guardrail rules through the API: read, validate, version, audit, re-check the queue, dry run."""

from __future__ import annotations

from tests.api.conftest import AS_OF, ApiEnv, import_scenario


def test_invalid_cadence_is_a_422_naming_the_field(api: ApiEnv) -> None:
    headers = api.auth("manager")
    rules = api.client.get("/api/rules", headers=headers).json()["rules"]
    rules["cadence"][1]["from_day"] = 12  # a gap after T1 (days 1-7)
    response = api.client.put("/api/rules", json={"rules": rules}, headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert "body.rules" in body["detail"] and "cadence gap or overlap between T1 and T2" in body["detail"]
    rules["cadence"][1]["from_day"] = 8
    rules["cadence"][0]["tone"] = "shouty"
    response = api.client.put("/api/rules", json={"rules": rules}, headers=headers)
    assert response.status_code == 422
    assert any(e["field"] == "body.rules.cadence.0.tone" for e in response.json()["errors"])
    rules["cadence"][0]["tone"] = "friendly"
    rules["min_days_between_contacts"] = -1
    response = api.client.put("/api/rules", json={"rules": rules}, headers=headers)
    assert response.status_code == 422 and "body.rules.min_days_between_contacts" in response.json()["detail"]
    versions = api.client.get("/api/rules/versions", headers=headers).json()
    assert [v["version"] for v in versions] == [1]  # only the seeded defaults: nothing invalid was saved


def test_rule_change_is_versioned_audited_and_rechecks_the_queue(agent_api: ApiEnv) -> None:
    customer_id = import_scenario(agent_api.factory, "pub-t1-friendly")
    draft_id = agent_api.agent.run_account(customer_id, as_of=AS_OF).draft_id
    headers = agent_api.auth("manager")
    current = agent_api.client.get("/api/rules", headers=agent_api.auth("collector")).json()
    before, rules = current["version"], current["rules"]
    rules["manager_approval_tiers"] = ["T1", "T4", "T5"]

    dry = agent_api.client.post("/api/rules/dry-run", json={"rules": rules}, headers=headers)
    assert dry.status_code == 200, dry.text
    assert dry.json()["checked"] == 1 and dry.json()["changed"] == 1
    change = dry.json()["changes"][0]
    assert change["draft_id"] == draft_id and change["approval_before"] is False and change["approval_after"] is True
    assert agent_api.client.get("/api/rules", headers=headers).json()["version"] == before  # dry run saved nothing

    saved = agent_api.client.put("/api/rules", json={"rules": rules, "note": "T1 needs a manager for now"},
                                 headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"version": before + 1, "rechecked_drafts": 1}
    draft = agent_api.client.get(f"/api/drafts/{draft_id}", headers=headers).json()
    assert draft["needs_manager_approval"] is True and draft["rule_set_version"] == before + 1
    assert [e["action"] for e in draft["events"]][-1] == "draft.rechecked"

    versions = agent_api.client.get("/api/rules/versions", headers=headers).json()
    assert (versions[0]["version"], versions[0]["created_by"], versions[0]["note"]) == (
        before + 1, "manager@ourco.example", "T1 needs a manager for now")
    assert [v["version"] for v in versions[1:]] == [before]
    audit = agent_api.client.get("/api/audit", params={"action": "rules."}, headers=agent_api.auth("auditor"))
    [event] = audit.json()["items"]
    assert event["actor"] == "manager@ourco.example" and event["entity_id"] == str(before + 1)
    assert event["detail"]["changes"]["manager_approval_tiers"]["to"] == ["T1", "T4", "T5"]

    refused = agent_api.client.post(f"/api/drafts/{draft_id}/decision", json={"kind": "approve"},
                                    headers=agent_api.auth("collector"))
    assert refused.status_code == 403
