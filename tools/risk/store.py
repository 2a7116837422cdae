"""Saving and loading versions of the risk model in the `risk_model` table."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import sklearn
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.models import RiskModel, utcnow
from tools.risk.model import RiskPredictor

BLOB_FORMAT = 1


class RiskModelInfo(BaseModel):
    """A stored model version and what it was trained on."""

    version: int
    kind: str
    trained_at: dt.datetime
    trained_through: dt.date | None
    metrics: dict[str, Any]


def _info(row: RiskModel) -> RiskModelInfo:
    return RiskModelInfo(
        version=row.version,
        kind=row.kind,
        trained_at=row.trained_at,
        trained_through=row.trained_through,
        metrics=dict(row.metrics or {}),
    )


def save_risk_model(
    session: Session, *, predictor: RiskPredictor, trained_at: dt.datetime | None = None
) -> RiskModelInfo:
    """Store `predictor` as the next version (the caller commits)."""
    latest = session.scalar(select(func.max(RiskModel.version))) or 0
    metrics = {
        **predictor.metrics,
        "threshold": predictor.threshold,
        "features": predictor.feature_names,
        "sklearn_version": sklearn.__version__,
    }
    row = RiskModel(
        version=latest + 1,
        kind=predictor.kind,
        trained_at=trained_at or utcnow(),
        trained_through=predictor.trained_through,
        metrics=metrics,
        # The blob is only ever read back from our own database, never from an upload.
        blob=pickle.dumps({"format": BLOB_FORMAT, "predictor": predictor}),
    )
    session.add(row)
    session.flush()
    return _info(row)


def load_latest_risk_model(session: Session) -> tuple[RiskModelInfo, RiskPredictor] | None:
    """The newest stored model version, or None before the first training."""
    row = session.scalars(select(RiskModel).order_by(RiskModel.version.desc()).limit(1)).first()
    if row is None:
        return None
    payload = pickle.loads(row.blob)  # noqa: S301 - our own table, written by save_risk_model
    if not isinstance(payload, dict) or payload.get("format") != BLOB_FORMAT:
        raise ValueError(f"risk model version {row.version} has an unknown blob format")
    predictor = payload["predictor"]
    if not isinstance(predictor, RiskPredictor):
        raise ValueError(f"risk model version {row.version} does not hold a RiskPredictor")
    return _info(row), predictor
