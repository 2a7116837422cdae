"""An agent over a database of its own, with one public scenario imported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from agent.context import AgentContext
from agent.drafters.base import Drafter
from agent.drafters.template import TemplateDrafter
from agent.risk import RulesRiskEstimator
from agent.service import AgentService
from tools.db import make_session_factory, plain_libpq_url
from tools.importers.scenario import import_scenario_file
from tools.mailer import EmlFolderTransport, Transport
from tools.models import Customer

EXAMPLES = Path(__file__).resolve().parents[3] / "shared/scenarios/examples"
AS_OF = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


@dataclass
class AgentWorld:
    url: str
    factory: sessionmaker[Session]
    outbox: Path
    make: object  # (drafter=None, transport=None) -> AgentService

    def customer_id(self, external_id: str) -> int:
        with self.factory() as session:
            return int(session.scalars(select(Customer.id).where(Customer.external_id == external_id)).one())


@pytest.fixture()
def world(fresh_database_url: str, tmp_path: Path) -> Iterator[AgentWorld]:
    engine = create_engine(fresh_database_url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        for path in sorted(EXAMPLES.glob("*.json")):
            import_scenario_file(session, path, embedder=None)
    outbox = tmp_path / "outbox"
    services: list[AgentService] = []

    def make(drafter: Drafter | None = None, transport: Transport | None = None) -> AgentService:
        ctx = AgentContext(session_factory=factory, drafter=drafter or TemplateDrafter(), embedder=None,
                           risk=RulesRiskEstimator(),
                           transport=transport or EmlFolderTransport(outbox, sender="ar@ourco.example"),
                           clock=lambda: AS_OF)
        service = AgentService(ctx, conninfo=plain_libpq_url(fresh_database_url), pool_size=2)
        services.append(service)
        return service

    yield AgentWorld(url=fresh_database_url, factory=factory, outbox=outbox, make=make)
    for service in services:
        service.close()
    engine.dispose()
