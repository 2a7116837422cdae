"""Database engine and sessions: the embedded server by default, any Postgres via DATABASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from tools.settings import Settings

_embedded_servers: dict[Path, object] = {}


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL when set; otherwise start (or join) the embedded server and return its URL."""
    if settings.database_url:
        return normalise_url(settings.database_url)
    from tools.embedded_pg import sqlalchemy_url, start_server

    pgdata = settings.pgdata_dir.resolve()
    server = _embedded_servers.get(pgdata)
    if server is None:
        server = start_server(pgdata)
        _embedded_servers[pgdata] = server  # keep the handle alive for the life of the process
    return sqlalchemy_url(server)  # type: ignore[arg-type]


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def plain_libpq_url(sqlalchemy_url: str) -> str:
    """The same URL without the SQLAlchemy driver, for psycopg and the LangGraph checkpointer."""
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine with pre-ping, so a restarted server does not break long-lived processes."""
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=10)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with factory.begin() as session:
        yield session
