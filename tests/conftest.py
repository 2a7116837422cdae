"""Shared fixtures: a real embedded PostgreSQL + pgvector, each test isolated in a rolled-back transaction."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from tests.support.database import TestDatabases

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)

pytest_plugins: list[str] = ["tests.support.fixtures_llm"]


@pytest.fixture(scope="session")
def test_databases() -> Iterator[TestDatabases]:
    databases = TestDatabases()
    try:
        yield databases
    finally:
        databases.drop_all()


@pytest.fixture(scope="session")
def database_url(test_databases: TestDatabases) -> str:
    """A migrated database shared by the tests of this run (each test rolls back its changes)."""
    return test_databases.clone()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = create_engine(database_url, pool_pre_ping=True)
    yield eng
    eng.dispose()


@pytest.fixture()
def session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test, even if the code commits."""
    connection = engine.connect()
    outer = connection.begin()
    sess = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield sess
    finally:
        sess.close()
        outer.rollback()
        connection.close()


@pytest.fixture()
def fresh_database_url(test_databases: TestDatabases) -> str:
    """A database of its own, for tests whose code commits across connections or processes."""
    return test_databases.clone()


@pytest.fixture()
def fresh_session_factory(fresh_database_url: str) -> Iterator[sessionmaker[Session]]:
    eng = create_engine(fresh_database_url, pool_pre_ping=True)
    yield sessionmaker(eng, expire_on_commit=False)
    eng.dispose()


@pytest.fixture()
def artifacts_dir() -> Path:
    """Where tests leave screenshots and reports for a person to look at."""
    path = Path("test-artifacts")
    path.mkdir(exist_ok=True)
    return path
