"""A typed client for the AR Copilot API: one method per endpoint the UI uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, TypeAdapter

from review_ui.models import (
    AccountDetail,
    AccountList,
    AgentRun,
    Approvals,
    AuditPage,
    BulkApproved,
    DecisionOutcome,
    Draft,
    DraftDetail,
    DraftList,
    DryRun,
    EvalRun,
    Metrics,
    RulesSaved,
    RuleVersion,
    Token,
    User,
)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

# Decisions send mail and rule changes re-check the whole queue: give them longer than a read.
READ_TIMEOUT = 30.0
SLOW_TIMEOUT = 180.0
FALLBACK_REJECT_REASONS = ["wrong_amount", "wrong_recipient", "wrong_action", "tone", "customer_paid",
                           "dispute_pending", "do_not_contact", "duplicate", "other"]


class ApiError(Exception):
    """The API refused a request (or could not be reached); `message` is the API's own words."""

    def __init__(self, status: int, message: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(f"{status}: {message}" if status else message)
        self.status = status
        self.message = message
        self.errors = errors or []  # [{"field": "body.rules.x", "message": "..."}] on a 422

    def field_errors(self, prefix: str = "") -> dict[str, str]:
        """Messages by field path, with `prefix` (e.g. "body.rules.") removed."""
        return {e["field"].removeprefix(prefix): e["message"] for e in self.errors if "field" in e}


def _json_ready(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


class ApiClient:
    """Talks to one API server as one signed-in user (or nobody, before login)."""

    def __init__(self, base_url: str, token: str | None = None, *, http: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.http = http or requests.Session()

    def _request(self, method: str, path: str, *, timeout: float = READ_TIMEOUT, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if "json" in kwargs:
            kwargs["json"] = _json_ready(kwargs["json"])
        if "params" in kwargs:
            kwargs["params"] = {k: _json_ready(v) for k, v in kwargs["params"].items() if v not in (None, [], "")}
        try:
            response = self.http.request(method, self.base_url + path, headers=headers, timeout=timeout, **kwargs)
        except requests.RequestException as exc:
            raise ApiError(0, f"cannot reach the API at {self.base_url}: {exc.__class__.__name__}") from exc
        if response.status_code >= 400:
            try:
                payload = response.json()
            except ValueError:
                payload = {"detail": response.text or response.reason}
            detail = payload.get("detail") if isinstance(payload, dict) else payload
            raise ApiError(response.status_code, str(detail or response.reason), payload.get("errors") or [])
        return response.json() if response.content else None

    def _get(self, model: type[M], path: str, **params: Any) -> M:
        return model.model_validate(self._request("GET", path, params=params))

    def _list(self, item: type[T], path: str, **params: Any) -> list[T]:
        return TypeAdapter(list[item]).validate_python(self._request("GET", path, params=params))  # type: ignore[valid-type]

    # Signing in
    def login(self, email: str, password: str) -> Token:
        """Exchange an email and password for a token; the client keeps the token."""
        token = Token.model_validate(self._request("POST", "/api/auth/login",
                                                   json={"email": email, "password": password}))
        self.token = token.access_token
        return token

    def me(self) -> User:
        return self._get(User, "/api/me")

    # The review queue
    def drafts(self, **filters: Any) -> DraftList:
        """status, tier, action, segment, assignee, min_confidence, max_confidence, needs_manager_approval,
        customer_id, sort, limit, offset."""
        return self._get(DraftList, "/api/drafts", **filters)

    def draft(self, draft_id: int) -> DraftDetail:
        return self._get(DraftDetail, f"/api/drafts/{draft_id}")

    def decide(self, draft_id: int, kind: str, **fields: Any) -> DecisionOutcome:
        """approve | edit | reject | snooze, with subject, body, reason_code, note, snooze_until, override_reason."""
        body = {"kind": kind} | {k: v for k, v in fields.items() if v is not None}
        return DecisionOutcome.model_validate(self._request("POST", f"/api/drafts/{draft_id}/decision", json=body,
                                                            timeout=SLOW_TIMEOUT))

    def reassign(self, draft_id: int, assignee: str) -> Draft:
        return Draft.model_validate(self._request("POST", f"/api/drafts/{draft_id}/reassign",
                                                  json={"assignee": assignee}))

    def bulk_approve(self, draft_ids: list[int]) -> BulkApproved:
        return BulkApproved.model_validate(self._request("POST", "/api/drafts/bulk-approve",
                                                         json={"draft_ids": draft_ids}, timeout=SLOW_TIMEOUT))

    def reject_reasons(self) -> list[str]:
        """The reason codes the API accepts for a rejection, read from its OpenAPI document."""
        try:
            schema = self._request("GET", "/openapi.json")
            field = schema["components"]["schemas"]["DecisionIn"]["properties"]["reason_code"]
            return [code for option in field.get("anyOf", [field]) for code in option.get("enum", [])]
        except (ApiError, KeyError, TypeError):
            return FALLBACK_REJECT_REASONS

    # Accounts
    def accounts(self, **filters: Any) -> AccountList:
        return self._get(AccountList, "/api/accounts", **filters)

    def account(self, customer_id: int) -> AccountDetail:
        return self._get(AccountDetail, f"/api/accounts/{customer_id}")

    def log_call(self, customer_id: int, **call: Any) -> dict[str, Any]:
        """direction, summary, subject, contact, at."""
        return dict(self._request("POST", f"/api/accounts/{customer_id}/calls", json=call))

    def record_promise(self, customer_id: int, **promise: Any) -> dict[str, Any]:
        """amount, promised_date, invoice_numbers, made_by."""
        return dict(self._request("POST", f"/api/accounts/{customer_id}/promises", json=promise))

    def open_dispute(self, customer_id: int, **dispute: Any) -> dict[str, Any]:
        """invoice_number, reason, owner_email."""
        return dict(self._request("POST", f"/api/accounts/{customer_id}/disputes", json=dispute))

    def resolve_dispute(self, dispute_id: int, resolution: str) -> dict[str, Any]:
        return dict(self._request("PATCH", f"/api/disputes/{dispute_id}", json={"resolution": resolution}))

    # Rules
    def rules(self) -> RuleVersion:
        return self._get(RuleVersion, "/api/rules")

    def rule_versions(self, limit: int = 20) -> list[RuleVersion]:
        return self._list(RuleVersion, "/api/rules/versions", limit=limit)

    def dry_run(self, rules: dict[str, Any]) -> DryRun:
        return DryRun.model_validate(self._request("POST", "/api/rules/dry-run", json={"rules": rules},
                                                   timeout=SLOW_TIMEOUT))

    def save_rules(self, rules: dict[str, Any], note: str | None = None) -> RulesSaved:
        return RulesSaved.model_validate(self._request("PUT", "/api/rules", json={"rules": rules, "note": note},
                                                       timeout=SLOW_TIMEOUT))

    # Oversight
    def approvals(self) -> Approvals:
        return self._get(Approvals, "/api/approvals")

    def metrics(self, **params: Any) -> Metrics:
        return self._get(Metrics, "/api/metrics", **params)

    def audit(self, **filters: Any) -> AuditPage:
        """actor, action (prefix), entity_type, entity_id, since, limit, offset."""
        return self._get(AuditPage, "/api/audit", **filters)

    def start_run(self, as_of: dt.datetime | None = None) -> int:
        return int(self._request("POST", "/api/runs", json={"as_of": as_of})["run_id"])

    def runs(self, limit: int = 10) -> list[AgentRun]:
        return self._list(AgentRun, "/api/runs", limit=limit)

    def evals(self, limit: int = 20) -> list[EvalRun]:
        return self._list(EvalRun, "/api/evals", limit=limit)

    def eval_run(self, run_id: int) -> EvalRun:
        return self._get(EvalRun, f"/api/evals/{run_id}")

    # Users (admins)
    def users(self) -> list[User]:
        return self._list(User, "/api/users")

    def create_user(self, **user: Any) -> User:
        """email, name, role, password, timezone."""
        return User.model_validate(self._request("POST", "/api/users", json=user))

    def deactivate_user(self, user_id: int) -> User:
        return User.model_validate(self._request("POST", f"/api/users/{user_id}/deactivate"))
