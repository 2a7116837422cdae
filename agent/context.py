"""What nodes depend on, passed at invoke time and never rebuilt inside a node."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from agent.drafters.base import Drafter
from agent.risk import RiskEstimator
from tools.embeddings import Embedder
from tools.mailer import Transport
from tools.models import utcnow


@dataclass(frozen=True)
class AgentContext:
    """The session factory, model client (drafter), embedder, risk estimator, transport, clock and settings."""

    session_factory: sessionmaker[Session]
    drafter: Drafter
    embedder: Embedder | None
    risk: RiskEstimator
    transport: Transport | None
    clock: Callable[[], dt.datetime] = field(default=utcnow)
    company_name: str = "OurCo"
    sender_name: str = "Accounts Receivable"
    payment_instructions: str = ""
    deliver_immediately: bool = True
