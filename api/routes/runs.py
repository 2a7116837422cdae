"""Agent runs over the portfolio: start one, watch its progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import AgentDep, Manager, Overseer, RowId, SessionDep, need_agent
from api.schemas.misc import RunIn, RunStartedOut
from tools.portfolio import unknown_customer_ids
from tools.runs import AgentRunOut, get_agent_run, list_agent_runs

router = APIRouter(tags=["runs"])


@router.post("/runs", response_model=RunStartedOut, status_code=status.HTTP_202_ACCEPTED)
def start_run(body: RunIn, user: Manager, session: SessionDep, agent: AgentDep) -> RunStartedOut:
    """Start planning and drafting across the portfolio (or the given customers) in the background."""
    # Checked here: the run itself happens in the background, where an unknown id would fail unseen.
    unknown = unknown_customer_ids(session, customer_ids=body.customer_ids) if body.customer_ids else []
    if unknown:
        raise HTTPException(422,
                            f"body.customer_ids: unknown customer ids {', '.join(map(str, unknown))}")
    return RunStartedOut(run_id=need_agent(agent).start_run(as_of=body.as_of, started_by=user.email,
                                                customer_ids=body.customer_ids))


@router.get("/runs", response_model=list[AgentRunOut])
def runs(user: Overseer, session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[AgentRunOut]:
    """The latest agent runs."""
    return list_agent_runs(session, limit=limit)


@router.get("/runs/{run_id}", response_model=AgentRunOut)
def run(run_id: RowId, user: Overseer, session: SessionDep) -> AgentRunOut:
    """One agent run and its progress."""
    return get_agent_run(session, run_id=run_id)
