"""Train the risk model on the tenant's own ledger and store it as a new version."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tools.risk.features import knowledge_day
from tools.risk.ledger_history import load_ledger_history
from tools.risk.store import RiskModelInfo, save_risk_model
from tools.risk.training import train_risk_model


def train_ledger_model(session: Session, *, as_of: dt.date) -> RiskModelInfo:
    """Fit on every outcome known at the end of `as_of` and store the result (the caller commits).

    On the ledger an invoice still unpaid past its due date is a known late outcome, so it is a
    training row too; leaving those out would teach the model that the worst payers pay.
    Fewer than 200 known outcomes or 20 late ones store the rules fallback instead.
    """
    history = load_ledger_history(session, as_of=as_of)
    predictor = train_risk_model(history, cutoff=knowledge_day(as_of).date(), include_unpaid_overdue=True)
    predictor.trained_through = as_of
    return save_risk_model(session, predictor=predictor)
