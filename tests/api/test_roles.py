"""Every endpoint checks the caller's role on the server: a matrix of endpoint × role.

Writes use bodies or ids that cannot succeed (missing fields, unknown ids), so an allowed role gets
a 4xx other than 401/403, or 503 where the agent is needed, and the database stays unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiEnv

EVERYONE = {"collector", "manager", "admin", "auditor"}
REVIEWERS = {"collector", "manager", "admin"}
MANAGERS = {"manager", "admin"}
OVERSEERS = {"manager", "admin", "auditor"}

MATRIX: list[tuple[str, str, dict[str, Any] | None, set[str]]] = [
    ("GET", "/api/me", None, EVERYONE),
    ("GET", "/api/users", None, {"admin"}),
    ("POST", "/api/users", {}, {"admin"}),
    ("POST", "/api/users/999999/deactivate", None, {"admin"}),
    ("GET", "/api/drafts", None, EVERYONE),
    ("GET", "/api/drafts/999999", None, EVERYONE),
    ("POST", "/api/drafts/999999/decision", {"kind": "approve"}, REVIEWERS),
    ("POST", "/api/drafts/999999/reassign", {"assignee": "collector@ourco.example"}, REVIEWERS),
    ("POST", "/api/drafts/bulk-approve", {"draft_ids": [999999]}, REVIEWERS),
    ("GET", "/api/approvals", None, MANAGERS),
    ("GET", "/api/accounts", None, EVERYONE),
    ("GET", "/api/accounts/999999", None, EVERYONE),
    ("POST", "/api/accounts/999999/calls", {"summary": "left a voicemail"}, REVIEWERS),
    ("POST", "/api/accounts/999999/promises", {"amount": "10.00", "promised_date": "2026-12-01"}, REVIEWERS),
    ("POST", "/api/accounts/999999/disputes", {"invoice_number": "X", "reason": "r"}, REVIEWERS),
    ("PATCH", "/api/disputes/999999", {"resolution": "credited"}, REVIEWERS),
    ("GET", "/api/rules", None, EVERYONE),
    ("PUT", "/api/rules", {}, MANAGERS),
    ("GET", "/api/rules/versions", None, EVERYONE),
    ("POST", "/api/rules/dry-run", {}, MANAGERS),
    ("GET", "/api/metrics", None, MANAGERS),
    ("GET", "/api/audit", None, {"auditor", "admin"}),
    ("POST", "/api/runs", {}, MANAGERS),
    ("GET", "/api/runs", None, OVERSEERS),
    ("GET", "/api/runs/999999", None, OVERSEERS),
    ("GET", "/api/outbox", None, OVERSEERS),
    ("GET", "/api/evals", None, EVERYONE),
    ("GET", "/api/evals/999999", None, EVERYONE),
]
CASES = [(method, path, body, role, role in allowed)
         for method, path, body, allowed in MATRIX for role in sorted(EVERYONE)]


@pytest.mark.parametrize("method, path, body, role, allowed", CASES,
                         ids=[f"{m} {p} as {r}" for m, p, _, r, _ in CASES])
def test_role_matrix(module_api: ApiEnv, method: str, path: str, body: dict[str, Any] | None, role: str,
                     allowed: bool) -> None:
    response = module_api.client.request(method, path, json=body, headers=module_api.auth(role))
    assert response.headers["content-type"].startswith("application/json")
    if allowed:
        assert response.status_code not in (401, 403), response.text
        assert response.status_code < 500 or response.status_code == 503, response.text
        if method == "GET" and "999999" not in path:
            assert response.status_code == 200, response.text
    else:
        assert response.status_code == 403, response.text
        assert role in response.json()["detail"]


@pytest.mark.parametrize("method, path, body", [(m, p, b) for m, p, b, _ in MATRIX],
                         ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_every_endpoint_but_login_and_health_needs_a_token(module_api: ApiEnv, method: str, path: str,
                                                            body: dict[str, Any] | None) -> None:
    assert module_api.client.request(method, path, json=body).status_code == 401


def test_every_route_of_the_app_is_in_the_matrix(module_api: ApiEnv) -> None:
    # A new endpoint must be added to MATRIX (with its roles) before this passes.
    app_routes = {(m, p) for p, ops in module_api.client.app.openapi()["paths"].items()  # type: ignore[attr-defined]
                  for m in (k.upper() for k in ops)}
    covered = {(m, p.replace("999999", "{x}")) for m, p, _, _ in MATRIX}
    normalised = {(m, _normalise(p)) for m, p in app_routes} - {("POST", "/api/auth/login"), ("GET", "/api/health")}
    assert normalised == covered


def _normalise(path: str) -> str:
    import re

    return re.sub(r"\{[a-z_]+\}", "{x}", path)


def test_agent_endpoints_answer_503_when_no_agent_runs(module_api: ApiEnv) -> None:
    response = module_api.client.post("/api/runs", json={}, headers=module_api.auth("manager"))
    assert response.status_code == 503
    assert "agent" in response.json()["detail"]
