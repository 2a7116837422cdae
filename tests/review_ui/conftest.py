"""A live API (real app, real agent, subprocess) over a database seeded with the public scenarios:
one shared by the tests that only read, and a fresh one for each test that changes data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from review_ui.client import ApiClient
from review_ui.models import Token
from tests.review_ui.live import PASSWORD, Server, email_for, seed, start_api
from tests.support.database import TestDatabases

APP = Path(__file__).resolve().parents[2] / "review_ui" / "app.py"
TIMEOUT = 30  # seconds per AppTest run: pages call the live API


@dataclass
class LiveApi:
    server: Server
    drafts: dict[str, int]  # draft id by scenario name

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, role: str | None = None) -> ApiClient:
        client = ApiClient(self.url)
        if role:
            client.login(email_for(role), PASSWORD)
        return client

    def token(self, role: str) -> Token:
        return ApiClient(self.url).login(email_for(role), PASSWORD)


def _live_api(databases: TestDatabases, logs: Path) -> Iterator[LiveApi]:
    url = databases.clone()
    drafts = seed(url, logs / "seed-outbox")
    server = start_api(url, logs)
    try:
        yield LiveApi(server=server, drafts=drafts)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def live_api(test_databases: TestDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    """One API and database for the tests that only read (tests that decide or save use `fresh_api`)."""
    yield from _live_api(test_databases, tmp_path_factory.mktemp("live-api"))


@pytest.fixture()
def fresh_api(test_databases: TestDatabases, tmp_path: Path) -> Iterator[LiveApi]:
    """An API over a database of its own, for a test that decides on drafts or changes rules."""
    yield from _live_api(test_databases, tmp_path)


@pytest.fixture()
def app_test(monkeypatch: pytest.MonkeyPatch) -> Callable[[LiveApi], AppTest]:
    """The whole app (review_ui/app.py), pointed at a live API through API_URL as in production."""

    def make(api: LiveApi) -> AppTest:
        monkeypatch.setenv("API_URL", api.url)
        return AppTest.from_file(str(APP), default_timeout=TIMEOUT)

    return make


def page_test(api: LiveApi, script: Callable[[], None], role: str, **state: object) -> AppTest:
    """One page function, run as a signed-in user of `role` with extra session state."""
    at = AppTest.from_function(script, default_timeout=TIMEOUT)
    token = api.token(role)
    at.session_state["api_url"] = api.url
    at.session_state["token"] = token.access_token
    at.session_state["user"] = token.user
    for key, value in state.items():
        at.session_state[key] = value
    return at
