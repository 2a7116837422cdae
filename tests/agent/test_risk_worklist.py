"""On a demo portfolio with a trained model: the queue follows the model's priority, pre-due reminders go
only to invoices the model predicts late, and the explanations reach the context pack."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, select

from agent.context import AgentContext
from agent.drafters.template import TemplateDrafter
from agent.risk import LedgerRiskEstimator
from agent.service import AgentService
from tools.db import make_session_factory, plain_libpq_url
from tools.demo_portfolio import generate_portfolio
from tools.drafts import QueueFilter, list_queue
from tools.importers.scenario import import_scenario
from tools.models import Draft
from tools.risk.ledger_training import train_ledger_model
from tools.risk.scoring import score_accounts
from tools.rules import default_rules

AS_OF = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def portfolio(test_databases):
    url = test_databases.clone()
    engine = create_engine(url)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        for scenario in generate_portfolio(seed=3, customers=60, as_of=AS_OF):
            import_scenario(session, scenario, source=scenario.id)
        info = train_ledger_model(session, as_of=AS_OF.date())
    ctx = AgentContext(session_factory=factory, drafter=TemplateDrafter(), embedder=None,
                       risk=LedgerRiskEstimator(), transport=None, clock=lambda: AS_OF)
    service = AgentService(ctx, conninfo=plain_libpq_url(url), pool_size=3, concurrency=2)
    counts = service.run_portfolio(as_of=AS_OF)
    service.close()
    yield factory, info, counts
    engine.dispose()


def test_queue_order_follows_the_models_priority(portfolio):
    factory, info, counts = portfolio
    assert counts.get("queued", 0) >= 5
    with factory() as session:
        queue, _ = list_queue(session, filters=QueueFilter(limit=500))
        risks = {a.customer_id: a for a in score_accounts(session, as_of=AS_OF.date())}
    assert [d.priority for d in queue] == sorted((d.priority for d in queue), reverse=True)
    for draft in queue:
        assert draft.priority == risks[draft.customer_id].priority, draft.customer_name
    # A run works the accounts in the same order.
    with factory() as session:
        ids = list(risks)
        shuffled = sorted(ids, key=lambda cid: (cid * 7919) % 101)
        assert LedgerRiskEstimator().order(session, shuffled, as_of=AS_OF)[: len(ids)] == [
            a.customer_id for a in sorted(risks.values(), key=lambda a: (-a.priority, a.customer_id))]


def test_pre_due_reminders_go_only_where_the_model_predicts_late(portfolio):
    factory, info, _ = portfolio
    threshold = default_rules().pre_due_late_probability
    with factory() as session:
        risks = {a.customer_id: a for a in score_accounts(session, as_of=AS_OF.date())}
        drafts = session.scalars(select(Draft)).all()
    pre_due = [d for d in drafts if d.tier == "pre_due"]
    assert pre_due, "the demo book should contain customers the model predicts late before their due date"
    for draft in pre_due:
        invoices = {i.number: i.probability_late for i in risks[draft.customer_id].invoices}
        demanded = [f["values"]["number"] for f in draft.facts if f["kind"] == "invoice"
                    and f["values"]["days_past_due"] < 0]
        assert any(invoices[n] >= threshold for n in demanded), draft.customer_id
    # Reliable payers with an invoice in the window get nothing.
    earliest, latest = default_rules().pre_due_window_days
    for customer_id, risk in risks.items():
        in_window = [i for i in risk.invoices if latest <= -i.days_past_due <= earliest]
        overdue = [i for i in risk.invoices if i.days_past_due > 0]
        if in_window and not overdue and all(i.probability_late < threshold for i in in_window):
            assert not any(d.customer_id == customer_id and d.tier == "pre_due" for d in drafts)


def test_explanations_are_facts_in_the_context_pack(portfolio):
    factory, info, _ = portfolio
    with factory() as session:
        queued = session.scalars(select(Draft).where(Draft.status == "pending_review")).all()
    for draft in queued:
        [risk] = [f for f in draft.facts if f["kind"] == "risk"]
        assert f"v{info.version}" in risk["text"] or info.kind in risk["text"]
        assert "late" in risk["text"].lower()
