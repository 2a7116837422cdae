"""Test databases on the embedded server: one migrated template per test session, cloned on demand."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tools.embedded_pg import sqlalchemy_url, start_server
from tools.migrate import upgrade

TEST_PGDATA = Path(os.environ.get("ARCOPILOT_TEST_PGDATA", ".arcopilot/test-pgdata"))


class TestDatabases:
    """Creates uniquely named databases so parallel pytest runs never share one."""

    def __init__(self) -> None:
        self.server: Any = start_server(TEST_PGDATA)
        self._admin = create_engine(sqlalchemy_url(self.server, "postgres"), isolation_level="AUTOCOMMIT")
        self.template = f"t_tmpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self._created: list[str] = []
        self._create(self.template)
        template_engine = create_engine(self.url(self.template))
        upgrade(template_engine)
        template_engine.dispose()

    def url(self, name: str) -> str:
        return sqlalchemy_url(self.server, name)

    def _create(self, name: str, template: str | None = None) -> None:
        with self._admin.connect() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        self._created.append(name)

    def clone(self) -> str:
        """A new migrated database (a copy of the template); returns its SQLAlchemy URL."""
        name = f"t_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        self._create(name, template=self.template)
        return self.url(name)

    def drop_all(self) -> None:
        with self._admin.connect() as conn:
            for name in reversed(self._created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()


def engine_for(url: str) -> Iterator[Engine]:
    engine = create_engine(url, pool_pre_ping=True)
    try:
        yield engine
    finally:
        engine.dispose()
