"""Risk and priority for the agent: the interface the assess step calls, with a rules fallback."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal
from typing import Any, Protocol

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from tools.accounts import AccountSnapshot

SEGMENT_WEIGHT = {"strategic": Decimal("1.3"), "government": Decimal("1.1"), "high_risk": Decimal("1.2")}
PRIOR_LATE_RATE = 0.3
PRIOR_WEIGHT = 4.0


class RiskEstimate(BaseModel):
    """How likely the account pays late, how urgent it is, and why."""

    customer_probability: float
    invoice_probability: dict[str, float] = Field(default_factory=dict)
    priority: Decimal
    explanations: list[str] = Field(default_factory=list)
    model_version: str = "rules"


class RiskEstimator(Protocol):
    def estimate(self, session: Session, account: AccountSnapshot, *, as_of: dt.datetime) -> RiskEstimate: ...

    def order(self, session: Session, customer_ids: list[int], *, as_of: dt.datetime) -> list[int]:
        """The customers in the order a run should work them: highest priority first."""
        ...


class RulesRiskEstimator:
    """The smoothed customer late rate, used until a model is trained (or when history is thin)."""

    def order(self, session: Session, customer_ids: list[int], *, as_of: dt.datetime) -> list[int]:
        from sqlalchemy import func, select

        from tools.ledger import open_balance_expression
        from tools.models import Invoice

        # Without a model, the most money longest overdue goes first.
        weight = func.sum(open_balance_expression() * func.greatest(as_of.date() - Invoice.due_date, 0))
        rows = session.execute(select(Invoice.customer_id, weight).group_by(Invoice.customer_id))
        score = {cid: Decimal(w or 0) for cid, w in rows}
        return sorted(customer_ids, key=lambda cid: (-score.get(cid, Decimal(0)), cid))

    def estimate(self, session: Session, account: AccountSnapshot, *, as_of: dt.datetime) -> RiskEstimate:
        today = as_of.date()
        settled, late = account.settled_invoices()
        probability = (len(late) + PRIOR_LATE_RATE * PRIOR_WEIGHT) / (len(settled) + PRIOR_WEIGHT)
        open_invoices = account.open_invoices()
        disputed = account.open_dispute_invoices()
        at_risk = sum((i.balance for i in open_invoices if i.number not in disputed), Decimal("0"))
        oldest = max((i.days_past_due(today) for i in open_invoices), default=0)
        urgency = Decimal(1) + Decimal(max(oldest, 0)) / Decimal(30)
        weight = SEGMENT_WEIGHT.get(account.customer.segment, Decimal(1))
        if any(p.status == "pending" and p.promised_date >= today for p in account.promises):
            weight *= Decimal("0.5")
        priority = (at_risk * Decimal(str(round(probability, 4))) * urgency * weight).quantize(Decimal("0.01"))
        explanations = [
            f"paid {len(late)} of {len(settled)} settled invoices late (smoothed late rate {probability:.0%})"
            if settled else "no payment history yet: portfolio prior used",
        ]
        if oldest > 0:
            explanations.append(f"oldest open invoice {oldest} days past due")
        return RiskEstimate(
            customer_probability=round(probability, 4),
            invoice_probability={i.number: round(probability, 4) for i in open_invoices},
            priority=priority, explanations=explanations, model_version="rules",
        )


class LedgerRiskEstimator:
    """The late-payment model trained on the ledger (tools.risk), with its own rules fallback when
    history is thin; explanations are its top contributing features in plain words.

    Scoring needs portfolio-wide features, so the whole open book is scored once per as-of date and
    reused for a short while (a portfolio run asks for every account within minutes)."""

    def __init__(self, *, reuse_seconds: float = 300.0) -> None:
        self._reuse_seconds = reuse_seconds
        self._cache: dict[dt.date, tuple[float, dict[int, Any]]] = {}
        self._lock = threading.Lock()

    def _book(self, session: Session, day: dt.date) -> dict[int, Any]:
        from tools.risk.scoring import score_accounts

        with self._lock:
            cached = self._cache.get(day)
            if cached is None or time.monotonic() - cached[0] > self._reuse_seconds:
                cached = (time.monotonic(), {a.customer_id: a for a in score_accounts(session, as_of=day)})
                self._cache = {day: cached}
            return cached[1]

    def order(self, session: Session, customer_ids: list[int], *, as_of: dt.datetime) -> list[int]:
        book = self._book(session, as_of.date())
        zero = Decimal(0)
        return sorted(customer_ids, key=lambda cid: (-(book[cid].priority if cid in book else zero), cid))

    def estimate(self, session: Session, account: AccountSnapshot, *, as_of: dt.datetime) -> RiskEstimate:
        risk = self._book(session, as_of.date()).get(account.customer.id)
        if risk is None:
            return RiskEstimate(customer_probability=0.0, priority=Decimal("0"),
                                explanations=["nothing open to score"], model_version="none")
        version = f"{risk.model_kind} v{risk.model_version}" if risk.model_version else risk.model_kind
        return RiskEstimate(
            customer_probability=round(risk.probability_late, 4),
            invoice_probability={i.number: round(i.probability_late, 4) for i in risk.invoices},
            priority=risk.priority, explanations=risk.explanations, model_version=version,
        )
