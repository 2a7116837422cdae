"""The whole app through streamlit.testing: signing in, and each role's navigation."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from review_ui.navigation import page_names
from tests.review_ui.conftest import LiveApi
from tests.review_ui.live import PASSWORD, email_for

MANAGER_PAGES = {"rules", "approvals", "metrics", "runs"}
MANAGER_TITLES = {"Rules", "Approvals", "Metrics", "Agent runs"}


def sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.run()
    at.text_input[0].input(email)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def navigation(at: AppTest) -> set[str]:
    # AppTest has no public view of st.navigation; the pages it registered are what the sidebar lists,
    # by their titles.
    return {str(info.get("page_name")) for info in at._registered_pages.values()}


def test_sign_in_opens_the_queue_and_keeps_the_token(live_api: LiveApi, app_test: Callable[..., AppTest]) -> None:
    at = sign_in(app_test(live_api), email_for("collector"), PASSWORD)
    assert not at.exception and not at.error
    assert at.session_state["token"] and at.session_state["user"].role == "collector"
    assert [t.value for t in at.title] == ["Review queue"]
    assert any("Collector" in m.value for m in at.sidebar.markdown)


def test_wrong_password_shows_the_apis_error_and_stays_signed_out(
    live_api: LiveApi, app_test: Callable[..., AppTest],
) -> None:
    at = sign_in(app_test(live_api), email_for("collector"), "not-the-password")
    assert [e.value for e in at.error] == ["Sign-in failed: incorrect email or password"]
    assert "token" not in at.session_state
    assert [t.value for t in at.title] == ["AR Copilot"]
    assert navigation(at) == {"Sign in"}


def test_a_collectors_navigation_has_no_manager_pages(live_api: LiveApi, app_test: Callable[..., AppTest]) -> None:
    at = sign_in(app_test(live_api), email_for("collector"), PASSWORD)
    assert navigation(at) == {"Queue", "Draft", "Account"}
    assert not MANAGER_PAGES & set(page_names("collector"))


def test_a_managers_navigation_has_the_manager_pages(live_api: LiveApi, app_test: Callable[..., AppTest]) -> None:
    at = sign_in(app_test(live_api), email_for("manager"), PASSWORD)
    assert MANAGER_TITLES <= navigation(at)
    assert "Audit log" not in navigation(at) and "Users" not in navigation(at)


def test_auditors_see_the_audit_log_and_admins_see_everything() -> None:
    assert {"audit", "evals", "queue"} <= set(page_names("auditor"))
    assert not MANAGER_PAGES & set(page_names("auditor"))
    assert set(page_names("admin")) >= MANAGER_PAGES | {"audit", "users", "queue", "draft", "account", "evals"}


def test_sign_out_forgets_the_token(live_api: LiveApi, app_test: Callable[..., AppTest]) -> None:
    at = sign_in(app_test(live_api), email_for("manager"), PASSWORD)
    at.sidebar.button[0].click().run()
    assert "token" not in at.session_state and navigation(at) == {"Sign in"}
