"""The agent as a service: start account threads, resume them with decisions, dry-run rule changes.

Threads are checkpointed in Postgres (LangGraph's PostgresSaver), so any process can resume a
draft that another process left waiting for review.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.types import Command
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from agent.context import AgentContext
from agent.decisions import ReviewDecision
from agent.graph import build_graph
from agent.pipeline import prepare
from tools.agent_port import DecisionOutcome, DecisionRefused, DryRunChange
from tools.audit import record_event
from tools.drafts import get_draft, open_thread_for_customer, set_draft_status
from tools.models import AgentRun, Customer, Draft, utcnow


class AccountRunResult(BaseModel):
    customer_id: int
    thread_id: str
    draft_id: int | None
    outcome: str


def thread_id_for(customer_id: int, as_of: dt.datetime) -> str:
    """One thread per account per collection cycle (a cycle starts on the day it is planned)."""
    return f"acct-{customer_id}-{as_of.astimezone(dt.UTC):%Y%m%dT%H%M%S}"


class AgentService:
    """Runs the account graph with a Postgres checkpointer shared by every process."""

    def __init__(self, ctx: AgentContext, *, conninfo: str, pool_size: int = 4, concurrency: int = 1) -> None:
        self.ctx = ctx
        self.pool_size, self.concurrency = pool_size, concurrency
        self._pool = ConnectionPool(
            conninfo, min_size=1, max_size=pool_size, open=True,
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
        )
        self.checkpointer = PostgresSaver(self._pool)  # type: ignore[arg-type]
        self.checkpointer.setup()
        self.graph = build_graph(self.checkpointer)
        self._runs: dict[int, threading.Thread] = {}

    def close(self, *, wait_seconds: float = 60.0) -> None:
        """Let background runs finish (each account is its own transaction, so stopping early loses
        nothing but time), then close the checkpointer's pool."""
        deadline = time.monotonic() + wait_seconds
        for thread in self._runs.values():
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self._pool.close()

    def _config(self, thread_id: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": thread_id}}

    def run_account(self, customer_id: int, *, as_of: dt.datetime | None = None) -> AccountRunResult:
        """Plan and draft one account, stopping at review; an account with a draft waiting is left alone."""
        as_of = as_of or self.ctx.clock()
        with self.ctx.session_factory() as session:
            waiting = open_thread_for_customer(session, customer_id=customer_id, as_of=as_of)
        if waiting is not None:
            return AccountRunResult(customer_id=customer_id, thread_id=waiting, draft_id=None, outcome="waiting")
        thread_id = thread_id_for(customer_id, as_of)
        state = self.graph.invoke(
            {"customer_id": customer_id, "thread_id": thread_id, "as_of": as_of.isoformat()},
            self._config(thread_id), context=self.ctx,
        )
        return AccountRunResult(customer_id=customer_id, thread_id=thread_id, draft_id=state.get("draft_id"),
                                outcome=state.get("outcome", "queued"))

    def run_portfolio(
        self, *, as_of: dt.datetime | None = None, customer_ids: list[int] | None = None,
        progress: Callable[[int, int], None] | None = None, run_id: int | None = None, concurrency: int | None = None,
    ) -> dict[str, int]:
        """Run every (or the given) account, `concurrency` at a time (so a model endpoint sees at most that
        many requests at once); returns counts by outcome."""
        as_of = as_of or self.ctx.clock()
        with self.ctx.session_factory() as session:
            ids = customer_ids or list(session.scalars(select(Customer.id).order_by(Customer.id)))
            ids = self.ctx.risk.order(session, ids, as_of=as_of)  # the riskiest accounts are drafted first
        counts: dict[str, int] = {}
        workers = max(1, min(concurrency or self.concurrency, self.pool_size))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="account") as pool:
            results = pool.map(lambda customer_id: self.run_account(customer_id, as_of=as_of), ids)
            for done, result in enumerate(results, start=1):
                counts[result.outcome] = counts.get(result.outcome, 0) + 1
                if progress:
                    progress(done, len(ids))
                if run_id is not None and (done % 10 == 0 or done == len(ids)):
                    with self.ctx.session_factory.begin() as session:
                        run = session.get(AgentRun, run_id)
                        if run is not None:
                            run.done, run.total, run.summary = done, len(ids), dict(counts)
        return counts

    def start_run(self, *, as_of: dt.datetime | None, started_by: str,
                  customer_ids: list[int] | None = None) -> int:
        """Start a portfolio run in the background; progress is kept in the agent_run table."""
        as_of = as_of or self.ctx.clock()
        with self.ctx.session_factory.begin() as session:
            run = AgentRun(as_of=as_of, started_by=started_by, status="running")
            session.add(run)
            session.flush()
            run_id = run.id
            record_event(session, actor=started_by, action="agent_run.started", entity_type="agent_run",
                         entity_id=str(run_id), detail={"as_of": as_of.isoformat()})

        def work() -> None:
            status, error = "finished", None
            try:
                self.run_portfolio(as_of=as_of, customer_ids=customer_ids, run_id=run_id)
            except Exception as exc:  # the run's row records the failure for the UI
                status, error = "failed", f"{type(exc).__name__}: {exc}"
                raise
            finally:
                with self.ctx.session_factory.begin() as session:
                    run = session.get(AgentRun, run_id)
                    if run is not None:
                        run.status, run.finished_at = status, utcnow()
                        if error:
                            run.summary = {**(run.summary or {}), "error": error}

        thread = threading.Thread(target=work, name=f"agent-run-{run_id}", daemon=True)
        self._runs[run_id] = thread
        thread.start()
        return run_id

    def decide(self, draft_id: int, decision: dict[str, Any]) -> DecisionOutcome:
        """Validate a person's decision against the rules, then resume the draft's thread with it."""
        try:
            parsed = ReviewDecision.model_validate(decision)
        except ValidationError as exc:
            raise DecisionRefused("; ".join(e["msg"] for e in exc.errors()), status_code=422) from exc
        with self.ctx.session_factory() as session:
            draft = get_draft(session, draft_id=draft_id)
        self._refuse_if_not_allowed(draft, parsed)
        self.graph.invoke(Command(resume=parsed.model_dump(mode="json")), self._config(draft.thread_id),
                          context=self.ctx)
        with self.ctx.session_factory() as session:
            after = get_draft(session, draft_id=draft_id)
            newer = session.scalars(select(Draft.id).where(Draft.thread_id == draft.thread_id, Draft.id != draft_id)
                                    .order_by(Draft.id.desc()).limit(1)).first()
        failing = [c for c in after.checks if c["severity"] == "hard" and not c["passed"]
                   and c["rule"] != "manager_approval"]
        if after.status == "pending_review" and parsed.kind == "approve":
            return DecisionOutcome(draft_id=draft_id, status=after.status, outcome="blocked", failing_checks=failing,
                                   message="the edited text fails hard checks; fix it, or a manager may override "
                                           "with a written reason")
        outcome = {"sent": "sent", "approved": "scheduled" if after.scheduled_for else "approved",
                   "superseded": "superseded", "rejected": "rejected", "snoozed": "snoozed",
                   "pending_review": "edited", "send_failed": "send_failed"}.get(after.status, after.status)
        message = ""
        if outcome == "superseded":
            message = "the account changed since drafting (payment, dispute, opt-out or contact); it was re-planned"
        return DecisionOutcome(draft_id=draft_id, status=after.status, outcome=outcome, message=message,
                               new_draft_id=newer if outcome == "superseded" else None, failing_checks=failing)

    @staticmethod
    def _refuse_if_not_allowed(draft: Any, decision: ReviewDecision) -> None:
        if draft.status != "pending_review":
            raise DecisionRefused(f"draft {draft.id} is {draft.status}, not waiting for review")
        if decision.role == "auditor":
            raise DecisionRefused("auditors can read but not decide", status_code=403)
        if decision.kind != "approve":
            return
        if draft.needs_manager_approval and not decision.is_manager:
            raise DecisionRefused("this draft needs a manager's approval", status_code=403)
        hard = [
            c for c in draft.checks
            if c["severity"] == "hard" and not c["passed"] and c["rule"] != "manager_approval"
        ]
        if hard and not decision.edits_text and not decision.override_reason:
            names = ", ".join(f"{c['rule']} ({c.get('detail', '')})" for c in hard)
            raise DecisionRefused(f"hard checks fail: {names}; edit the draft, or a manager may override with a reason")

    def dry_run(self, rules: dict[str, Any], *, limit: int = 200) -> list[DryRunChange]:
        """How the drafts waiting for review would change under `rules` (nothing is saved)."""
        changes: list[DryRunChange] = []
        with self.ctx.session_factory() as session:
            drafts = list(session.scalars(select(Draft).where(Draft.status == "pending_review")
                                          .order_by(Draft.priority.desc()).limit(limit)))
            for row in drafts:
                after = prepare(session, self.ctx, customer_id=row.customer_id, as_of=row.as_of,
                                rules_override=rules, draft_text=(row.subject, row.body))
                before_checks = {c["rule"]: c for c in row.checks}
                changed = []
                for result in after.checks:
                    old = before_checks.get(result.rule)
                    if old is None or old["passed"] != result.passed:
                        changed.append({"rule": result.rule, "before": None if old is None else old["passed"],
                                        "after": result.passed, "detail": result.detail})
                customer = session.get(Customer, row.customer_id)
                changes.append(DryRunChange(
                    draft_id=row.id, customer_name=customer.name if customer else "?",
                    action_before=row.action, action_after=after.plan.action, tier_before=row.tier,
                    tier_after=after.plan.tier, checks_changed=changed,
                    approval_before=row.needs_manager_approval, approval_after=after.plan.needs_manager_approval,
                ))
        return changes

    def refresh_queue(self, *, actor: str) -> int:
        """After a rule change: re-check queued drafts; a draft whose action or tier changes is re-planned."""
        updated = 0
        with self.ctx.session_factory.begin() as session:
            drafts = list(session.scalars(select(Draft).where(Draft.status == "pending_review")))
            replan: list[tuple[int, int]] = []
            for row in drafts:
                after = prepare(session, self.ctx, customer_id=row.customer_id, as_of=row.as_of,
                                draft_text=(row.subject, row.body))
                if after.plan.action != row.action or after.plan.tier != row.tier:
                    replan.append((row.id, row.customer_id))
                    continue
                new_checks = [c.model_dump(mode="json") for c in after.checks]
                if new_checks != row.checks or after.plan.needs_manager_approval != row.needs_manager_approval:
                    row.checks = new_checks
                    row.needs_manager_approval = after.plan.needs_manager_approval
                    row.confidence, row.confidence_reasons = after.confidence, after.confidence_reasons
                    row.rule_set_version = after.rule_set_version
                    record_event(session, actor=actor, action="draft.rechecked", entity_type="draft",
                                 entity_id=str(row.id), detail={"rule_set_version": after.rule_set_version})
                    updated += 1
            for draft_id, _ in replan:
                set_draft_status(session, draft_id=draft_id, status="superseded", actor=actor)
        for _, customer_id in replan:
            self.run_account(customer_id)
            updated += 1
        return updated
