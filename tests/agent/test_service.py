"""The agent service's portfolio run."""

from __future__ import annotations

from sqlalchemy import func, select

from agent.service import AgentService
from tests.agent.conftest import AS_OF, AgentWorld
from tools.models import Customer


def test_run_portfolio_reports_progress_after_every_account(world: AgentWorld) -> None:
    service: AgentService = world.make()  # type: ignore[operator]
    with world.factory() as session:
        accounts = session.scalar(select(func.count()).select_from(Customer))
    seen: list[tuple[int, int]] = []
    counts = service.run_portfolio(as_of=AS_OF, progress=lambda done, total: seen.append((done, total)))
    assert sum(counts.values()) == accounts
    assert seen == [(done, accounts) for done in range(1, accounts + 1)]
