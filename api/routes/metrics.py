"""Portfolio metrics for managers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Manager, SessionDep
from api.schemas.common import Day
from tools.metrics import Metrics, portfolio_metrics

router = APIRouter(tags=["metrics"])


@router.get("/metrics", response_model=Metrics)
def metrics(
    user: Manager, session: SessionDep,
    as_of: Annotated[Day | None, Query(description="default: today")] = None,
    months: Annotated[int, Query(ge=1, le=36)] = 12,
    dso_window_days: Annotated[int, Query(ge=7, le=365)] = 90,
    collection_window_days: Annotated[int, Query(ge=1, le=90)] = 14,
    throughput_days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> Metrics:
    """Aging now and at past month-ends, DSO, collections after contact by tier, queue throughput, review quality."""
    return portfolio_metrics(session, as_of=as_of or dt.datetime.now(dt.UTC).date(), months=months,
                             dso_window_days=dso_window_days, collection_window_days=collection_window_days,
                             throughput_days=throughput_days)
