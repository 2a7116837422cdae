"""What every CLI command needs: settings read once, the database started, migrated and ready."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tools.db import make_engine, make_session_factory, resolve_database_url
from tools.embeddings import Embedder, make_embedder
from tools.migrate import upgrade
from tools.settings import Settings, load_settings


@dataclass
class Runtime:
    settings: Settings
    database_url: str
    engine: Engine
    session_factory: sessionmaker[Session]

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        return make_embedder(
            s.embeddings_provider, base_url=s.embeddings_base_url,
            api_key=s.embeddings_api_key.get_secret_value(), model=s.embeddings_model,
        )


def open_runtime(settings: Settings | None = None, *, migrate: bool = True) -> Runtime:
    """Start (or join) the database, bring the schema up to date, and return the handles."""
    settings = settings or load_settings()
    url = resolve_database_url(settings)
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Runtime(settings=settings, database_url=url, engine=engine, session_factory=make_session_factory(engine))
