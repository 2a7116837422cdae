"""Eval runs, written by the eval runner, read by anyone signed in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Everyone, RowId, SessionDep
from tools.runs import EvalRunOut, get_eval_run, list_eval_runs

router = APIRouter(tags=["evals"])


@router.get("/evals", response_model=list[EvalRunOut])
def evals(user: Everyone, session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[EvalRunOut]:
    """The latest eval runs (summaries)."""
    return list_eval_runs(session, limit=limit)


@router.get("/evals/{run_id}", response_model=EvalRunOut)
def eval_run(run_id: RowId, user: Everyone, session: SessionDep) -> EvalRunOut:
    """One eval run with its report."""
    return get_eval_run(session, run_id=run_id)
