"""Agent throughput (a script, not a test).

1. Per-account pipeline time against a bare LangGraph invoke with the same Postgres checkpointer
   (one no-op node), as a ratio measured in the same run.
2. Accounts per second over a demo portfolio (default 10,000 accounts) with the template drafter.

    .venv/bin/python -m benchmarks.agent_benchmark --accounts 10000 --concurrency 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, TypedDict

from langgraph.graph import END, START, StateGraph
from sqlalchemy import create_engine, select, text

from agent.context import AgentContext
from agent.drafters.template import TemplateDrafter
from agent.risk import RulesRiskEstimator
from agent.service import AgentService
from tools.db import make_session_factory, plain_libpq_url
from tools.demo_portfolio import generate_portfolio
from tools.embedded_pg import sqlalchemy_url, start_server
from tools.embeddings import WordLlamaEmbedder
from tools.importers.scenario import import_scenario
from tools.migrate import upgrade
from tools.models import Customer


class _Bare(TypedDict, total=False):
    n: int


def _noop(state: _Bare) -> dict[str, Any]:
    return {"n": state.get("n", 0) + 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200, help="accounts timed one by one for the ratio")
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    pgdata = Path(tempfile.mkdtemp(prefix="arcopilot-bench-"))
    server = start_server(pgdata)
    server.psql("CREATE DATABASE bench;")
    url = sqlalchemy_url(server, "bench")
    engine = create_engine(url, pool_size=8)
    upgrade(engine)
    factory = make_session_factory(engine)
    as_of = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
    embedder = WordLlamaEmbedder()

    started = time.perf_counter()
    scenarios = generate_portfolio(seed=11, customers=args.accounts, as_of=as_of)
    with factory.begin() as session:
        for scenario in scenarios:
            import_scenario(session, scenario, source=scenario.id, embedder=embedder)
    invoices = sum(len(s.invoices) for s in scenarios)
    print(f"loaded {len(scenarios)} accounts, {invoices} invoices in {time.perf_counter() - started:.1f}s")

    ctx = AgentContext(session_factory=factory, drafter=TemplateDrafter(), embedder=embedder,
                       risk=RulesRiskEstimator(), transport=None, clock=lambda: as_of)
    service = AgentService(ctx, conninfo=plain_libpq_url(url), pool_size=args.concurrency + 2,
                           concurrency=args.concurrency)
    bare = StateGraph(_Bare)
    bare.add_node("noop", _noop)
    bare.add_edge(START, "noop")
    bare.add_edge("noop", END)
    bare_graph = bare.compile(checkpointer=service.checkpointer)

    with factory() as session:
        ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))
    sample = ids[: args.sample]
    pipeline, baseline = [], []
    for i, customer_id in enumerate(sample):
        t0 = time.perf_counter()
        bare_graph.invoke({"n": 0}, {"configurable": {"thread_id": f"bare-{i}"}})
        t1 = time.perf_counter()
        service.run_account(customer_id, as_of=as_of)
        t2 = time.perf_counter()
        baseline.append(t1 - t0)
        pipeline.append(t2 - t1)
    p_med, b_med = statistics.median(pipeline), statistics.median(baseline)
    print(f"per account (median of {len(sample)}): pipeline {p_med * 1000:.1f} ms, bare invoke "
          f"{b_med * 1000:.1f} ms, ratio {p_med / b_med:.1f}x")

    rest = ids[args.sample:]
    t0 = time.perf_counter()
    counts = service.run_portfolio(as_of=as_of, customer_ids=rest, concurrency=args.concurrency)
    elapsed = time.perf_counter() - t0
    print(f"portfolio: {len(rest)} accounts in {elapsed:.1f}s = {len(rest) / elapsed:.1f} accounts/s "
          f"(concurrency {args.concurrency}); outcomes {counts}")
    with engine.connect() as conn:
        print("drafts by status:", dict(conn.execute(text("SELECT status, count(*) FROM draft GROUP BY 1")).all()))
    service.close()
    engine.dispose()
    server.cleanup()


if __name__ == "__main__":
    main()
