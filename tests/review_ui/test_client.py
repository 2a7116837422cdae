"""The typed client against the live API: models parse, refusals carry the API's own message."""

from __future__ import annotations

import pytest

from review_ui.client import ApiClient, ApiError
from tests.review_ui.conftest import LiveApi
from tests.support.smtp_server import free_port


def test_login_returns_the_user_and_keeps_the_token(live_api: LiveApi) -> None:
    client = ApiClient(live_api.url)
    token = client.login("collector@ourco.example", "correct-horse-battery")
    assert token.user.role == "collector" and client.token == token.access_token
    assert client.me().email == "collector@ourco.example"


def test_wrong_password_is_an_api_error_with_the_apis_message(live_api: LiveApi) -> None:
    with pytest.raises(ApiError) as refused:
        ApiClient(live_api.url).login("collector@ourco.example", "wrong")
    assert refused.value.status == 401 and refused.value.message == "incorrect email or password"


def test_queue_comes_in_priority_order_with_typed_drafts(live_api: LiveApi) -> None:
    queue = live_api.client("collector").drafts(status=["pending_review"])
    priorities = [d.priority for d in queue.items]
    assert priorities == sorted(priorities, reverse=True) and queue.total == len(queue.items) >= 6
    assert queue.counts["pending_review"] == queue.total
    top = live_api.client("collector").draft(queue.items[0].id)
    assert top.facts and top.checks and top.confidence_reasons


def test_collectors_are_refused_manager_endpoints(live_api: LiveApi) -> None:
    collector = live_api.client("collector")
    rules = collector.rules().rules
    for call in (collector.approvals, collector.metrics, lambda: collector.dry_run(rules),
                 lambda: collector.save_rules(rules, "sneaky"), collector.users):
        with pytest.raises(ApiError) as refused:
            call()
        assert refused.value.status == 403 and "role collector may not do this" in refused.value.message


def test_reject_reasons_come_from_the_api_schema(live_api: LiveApi) -> None:
    reasons = live_api.client("collector").reject_reasons()
    assert "wrong_amount" in reasons and "customer_paid" in reasons and "other" in reasons


def test_a_422_keeps_its_messages_by_field(live_api: LiveApi) -> None:
    manager = live_api.client("manager")
    rules = manager.rules().rules | {"min_days_between_contacts": 999}
    with pytest.raises(ApiError) as refused:
        manager.dry_run(rules)
    assert refused.value.status == 422
    assert "less than or equal to 60" in refused.value.field_errors("body.rules.")["min_days_between_contacts"]


def test_an_unreachable_api_is_a_clear_error() -> None:
    with pytest.raises(ApiError) as refused:
        ApiClient(f"http://127.0.0.1:{free_port()}").me()
    assert refused.value.status == 0 and "cannot reach the API" in refused.value.message
