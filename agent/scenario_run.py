"""Run scenario files through the real agent, each in its own throwaway database, stopping at review.

Used by `arcopilot scenario run`, the evals and the tests. Never touches the user's data: the
sandbox is a separate embedded server in a temporary folder (or a server the caller names).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.postgres import PostgresSaver
from sqlalchemy import create_engine, select, text

from agent.context import AgentContext
from agent.drafters.base import Drafter
from agent.risk import RulesRiskEstimator
from agent.service import AgentService
from prompts.environment import money
from tools.db import make_session_factory, plain_libpq_url
from tools.embedded_pg import sqlalchemy_url, start_server
from tools.embeddings import Embedder
from tools.importers.scenario import import_scenario
from tools.migrate import upgrade
from tools.models import Customer, Draft
from tools.scenario_format import Scenario


class ScenarioSandbox:
    """A private embedded server with a migrated template database, cloned once per scenario."""

    def __init__(self, pgdata: Path | None = None) -> None:
        self._own_dir = pgdata is None
        self.pgdata = pgdata or Path(tempfile.mkdtemp(prefix="arcopilot-scenarios-"))
        self.server: Any = start_server(self.pgdata)
        self._admin = create_engine(sqlalchemy_url(self.server, "postgres"), isolation_level="AUTOCOMMIT")
        self.template = f"scn_template_{uuid.uuid4().hex[:8]}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.template}"'))
        engine = create_engine(sqlalchemy_url(self.server, self.template))
        upgrade(engine)
        engine.dispose()
        # The checkpointer's tables too, so each clone has them instead of migrating them again.
        with PostgresSaver.from_conn_string(plain_libpq_url(sqlalchemy_url(self.server, self.template))) as saver:
            saver.setup()

    @contextmanager
    def database(self) -> Iterator[str]:
        """A fresh migrated database for one scenario; dropped afterwards."""
        name = f"scn_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        try:
            yield sqlalchemy_url(self.server, name)
        finally:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
        self._admin.dispose()
        if self._own_dir:
            self.server.cleanup()
            shutil.rmtree(self.pgdata, ignore_errors=True)



def draft_output(scenario_id: str, draft: Draft) -> dict[str, Any]:
    """The output contract of ../shared/scenarios/README.md for one queued (or skipped) draft."""
    plan = None
    if draft.payment_plan:
        plan = {"installments": [{"due_date": i["due_date"], "amount": i["amount"]}
                                 for i in draft.payment_plan["installments"]],
                "total": money(draft.payment_plan["total"])}
    return {
        "id": scenario_id, "action": draft.action, "tier": draft.tier, "channel": draft.channel,
        "recipient": draft.recipient, "subject": draft.subject, "body": draft.body,
        "confidence": draft.confidence, "confidence_reasons": draft.confidence_reasons,
        "facts": [{"id": f["id"], "text": f["text"], "source": f["source"], "kind": f["kind"],
                   "untrusted": f.get("untrusted", False), "values": f.get("values", {})} for f in draft.facts],
        "cited_facts": draft.cited_facts, "checks": draft.checks,
        "needs_manager_approval": draft.needs_manager_approval, "skip_reason": draft.skip_reason,
        "payment_plan": plan, "internal_recipient": draft.internal_recipient, "drafter": draft.drafter,
    }


def run_scenario(
    sandbox: ScenarioSandbox, scenario: Scenario, *, drafter: Drafter, embedder: Embedder | None,
    company_name: str = "OurCo", payment_instructions: str = "",
    on_database: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Import the scenario into a fresh database, run the agent up to review, and report its proposal."""
    with sandbox.database() as url:
        engine = create_engine(url)
        factory = make_session_factory(engine)
        try:
            with factory.begin() as session:
                import_scenario(session, scenario, source=scenario.id, embedder=embedder)
            with factory() as session:
                customer_id = session.scalars(
                    select(Customer.id).where(Customer.external_id == scenario.customer.id)).one()
            ctx = AgentContext(session_factory=factory, drafter=drafter, embedder=embedder,
                               risk=RulesRiskEstimator(), transport=None, clock=lambda: scenario.as_of,
                               company_name=company_name, payment_instructions=payment_instructions)
            service = AgentService(ctx, conninfo=plain_libpq_url(url), pool_size=2)
            try:
                result = service.run_account(customer_id, as_of=scenario.as_of)
            finally:
                service.close()
            if on_database is not None:
                on_database(url)
            with factory() as session:
                draft = session.get(Draft, result.draft_id)
                assert draft is not None
                return draft_output(scenario.id, draft)
        finally:
            engine.dispose()
