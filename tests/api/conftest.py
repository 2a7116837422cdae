"""API test fixtures: the app over a fresh migrated database, users of every role, and (when a test
needs decisions to resume the graph) the real agent with the template drafter and an .eml outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from api.security import create_access_token
from tests.support.database import TestDatabases
from tools.settings import Settings
from tools.users import ROLES, UserOut, create_user

AS_OF = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
PASSWORD = "correct-horse-battery"
SCENARIOS = Path(__file__).resolve().parents[3] / "shared" / "scenarios" / "examples"
SECRET = "test-secret-for-api-tests-only-32b"


def email_for(role: str) -> str:
    return f"{role}@ourco.example"


@dataclass
class ApiEnv:
    """A running app and what a test needs to drive it."""

    client: TestClient
    factory: sessionmaker[Session]
    database_url: str
    users: dict[str, UserOut]
    settings: Settings
    outbox_dir: Path
    agent: Any = None
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, role: str) -> dict[str, str]:
        """Authorization header for the seeded user of this role (or any seeded user key)."""
        if role not in self.tokens:
            self.tokens[role] = create_access_token(self.users[role], secret=SECRET, ttl_minutes=30)
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def add_user(self, key: str, role: str) -> UserOut:
        with self.factory.begin() as session:
            self.users[key] = create_user(session, email=f"{key}@ourco.example", name=key, role=role,
                                          password=PASSWORD)
        return self.users[key]


def api_settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, JWT_SECRET=SECRET, TOKEN_TTL_MINUTES=30,  # type: ignore[call-arg]
                    OUTBOX_DIR=str(tmp_path / "outbox"))


def seed_users(factory: sessionmaker[Session]) -> dict[str, UserOut]:
    with factory.begin() as session:
        return {role: create_user(session, email=email_for(role), name=role.title(), role=role, password=PASSWORD)
                for role in ROLES}


def make_real_agent(factory: sessionmaker[Session], url: str, outbox_dir: Path) -> Any:
    """The agent as cli.agent_factory.make_agent builds it, over this test's database, with a fixed clock."""
    from agent.context import AgentContext
    from agent.drafters.template import TemplateDrafter
    from agent.risk import RulesRiskEstimator
    from agent.service import AgentService
    from tools.db import plain_libpq_url
    from tools.mailer import EmlFolderTransport

    ctx = AgentContext(session_factory=factory, drafter=TemplateDrafter(), embedder=None, risk=RulesRiskEstimator(),
                       transport=EmlFolderTransport(outbox_dir, sender="collections@ourco.example"),
                       clock=lambda: AS_OF)
    return AgentService(ctx, conninfo=plain_libpq_url(url))


def import_scenario(factory: sessionmaker[Session], name: str) -> int:
    """Import a public scenario; returns its customer id."""
    from tools.importers.scenario import import_scenario_file
    from tools.models import Customer

    with factory.begin() as session:
        summary = import_scenario_file(session, SCENARIOS / f"{name}.json", embedder=None)
        return int(session.scalars(select(Customer.id).where(Customer.external_id == summary.customer)).one())


def _env(url: str, tmp_path: Path, *, with_agent: bool) -> Iterator[ApiEnv]:
    engine = create_engine(url, pool_pre_ping=True)
    factory = sessionmaker(engine, expire_on_commit=False)
    outbox_dir = tmp_path / "outbox"
    agent = make_real_agent(factory, url, outbox_dir) if with_agent else None
    settings = api_settings(tmp_path)
    app = create_app(session_factory=factory, agent=agent, settings=settings)
    try:
        with TestClient(app) as client:
            yield ApiEnv(client=client, factory=factory, database_url=url, users=seed_users(factory),
                         settings=settings, outbox_dir=outbox_dir, agent=agent)
    finally:
        if agent is not None:
            agent.close()
        engine.dispose()


@pytest.fixture()
def api(fresh_database_url: str, tmp_path: Path) -> Iterator[ApiEnv]:
    """The app with no agent (agent-backed endpoints answer 503), on a database of its own."""
    yield from _env(fresh_database_url, tmp_path, with_agent=False)


@pytest.fixture()
def agent_api(fresh_database_url: str, tmp_path: Path) -> Iterator[ApiEnv]:
    """The app with the real agent (template drafter, .eml outbox, clock at AS_OF)."""
    yield from _env(fresh_database_url, tmp_path, with_agent=True)


@pytest.fixture(scope="module")
def module_api(test_databases: TestDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiEnv]:
    """One agent-less app per test module, for read-mostly tests such as the role matrix."""
    yield from _env(test_databases.clone(), tmp_path_factory.mktemp("api"), with_agent=False)
