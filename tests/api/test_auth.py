"""Signing in, tokens, and who am I."""

from __future__ import annotations

import datetime as dt

import pytest

from api.security import create_access_token
from tests.api.conftest import PASSWORD, SECRET, ApiEnv, email_for


def test_login_with_json_returns_a_token_that_works(api: ApiEnv) -> None:
    response = api.client.post("/api/auth/login", json={"email": email_for("collector"), "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["user"]["role"] == "collector"
    assert "password_hash" not in body["user"]
    me = api.client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == email_for("collector")


def test_login_with_an_oauth2_form_and_mixed_case_email(api: ApiEnv) -> None:
    response = api.client.post("/api/auth/login", data={"username": " Manager@OurCo.example ", "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert response.json()["user"]["role"] == "manager"


@pytest.mark.parametrize("email, password", [
    ("collector@ourco.example", "wrong-password"),
    ("nobody@ourco.example", PASSWORD),
])
def test_login_failures_answer_401_with_one_message(api: ApiEnv, email: str, password: str) -> None:
    response = api.client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.json() == {"detail": "incorrect email or password"}


@pytest.mark.parametrize("kwargs", [
    {"json": {}},
    {"json": {"email": "not-an-email", "password": "x"}},
    {"json": ["a", "list"]},
    {"content": b"{not json", "headers": {"content-type": "application/json"}},
    {"data": {"password": PASSWORD}},
])
def test_malformed_login_is_a_422_with_json_detail(api: ApiEnv, kwargs: dict[str, object]) -> None:
    response = api.client.post("/api/auth/login", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)


def test_a_deactivated_user_cannot_sign_in_and_their_token_stops_working(api: ApiEnv) -> None:
    token = api.auth("collector")
    assert api.client.get("/api/me", headers=token).status_code == 200
    response = api.client.post(f"/api/users/{api.users['collector'].id}/deactivate", headers=api.auth("admin"))
    assert response.status_code == 200 and response.json()["active"] is False
    assert api.client.get("/api/me", headers=token).status_code == 401
    login = api.client.post("/api/auth/login", json={"email": email_for("collector"), "password": PASSWORD})
    assert login.status_code == 401


@pytest.mark.parametrize("header", [
    {},
    {"Authorization": "Bearer not-a-jwt"},
    {"Authorization": "Basic Zm9vOmJhcg=="},
])
def test_requests_without_a_valid_token_are_401(api: ApiEnv, header: dict[str, str]) -> None:
    response = api.client.get("/api/drafts", headers=header)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_expired_and_forged_tokens_are_refused(api: ApiEnv) -> None:
    user = api.users["admin"]
    expired = create_access_token(user, secret=SECRET, ttl_minutes=5,
                                  now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    forged = create_access_token(user, secret="someone-elses-secret-of-enough-length", ttl_minutes=5)
    for token in (expired, forged):
        assert api.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_health_needs_no_token(api: ApiEnv) -> None:
    response = api.client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "agent": False}
