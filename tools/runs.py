"""Agent runs and eval runs, read back for the UI (the agent and the eval runner write them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.models import AgentRun, EvalRun


class AgentRunOut(BaseModel):
    """A portfolio run and how far it got."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    as_of: dt.datetime
    status: str
    total: int
    done: int
    progress: float
    started_by: str
    summary: dict[str, Any]


class EvalRunOut(BaseModel):
    """An eval run's summary; the full report only when asked for one run."""

    id: int
    started_at: dt.datetime
    dataset: str
    drafter: str
    passed: bool
    summary: dict[str, Any]
    report: dict[str, Any] | None = None


class RunNotFoundError(LookupError):
    """No run with that id."""


def _agent_run(row: AgentRun) -> AgentRunOut:
    progress = row.done / row.total if row.total else (1.0 if row.finished_at else 0.0)
    return AgentRunOut(id=row.id, started_at=row.started_at, finished_at=row.finished_at, as_of=row.as_of,
                       status=row.status, total=row.total, done=row.done, progress=round(progress, 4),
                       started_by=row.started_by, summary=row.summary or {})


def list_agent_runs(session: Session, *, limit: int = 50) -> list[AgentRunOut]:
    """The latest agent runs, newest first."""
    return [_agent_run(r) for r in session.scalars(select(AgentRun).order_by(AgentRun.id.desc()).limit(limit))]


def get_agent_run(session: Session, *, run_id: int) -> AgentRunOut:
    """One agent run with its progress."""
    row = session.get(AgentRun, run_id)
    if row is None:
        raise RunNotFoundError(f"no agent run with id {run_id}")
    return _agent_run(row)


def _eval_run(row: EvalRun, *, with_report: bool) -> EvalRunOut:
    return EvalRunOut(id=row.id, started_at=row.started_at, dataset=row.dataset, drafter=row.drafter,
                      passed=row.passed, summary=row.summary or {}, report=row.report if with_report else None)


def list_eval_runs(session: Session, *, limit: int = 20) -> list[EvalRunOut]:
    """The latest eval runs, newest first, without their reports."""
    rows = session.scalars(select(EvalRun).order_by(EvalRun.started_at.desc(), EvalRun.id.desc()).limit(limit))
    return [_eval_run(r, with_report=False) for r in rows]


def get_eval_run(session: Session, *, run_id: int) -> EvalRunOut:
    """One eval run with its report."""
    row = session.get(EvalRun, run_id)
    if row is None:
        raise RunNotFoundError(f"no eval run with id {run_id}")
    return _eval_run(row, with_report=True)
