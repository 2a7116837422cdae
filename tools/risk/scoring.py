"""Risk of the open book as of a day: per invoice, per account, and the worklist order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import pandas as pd
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.models import Customer
from tools.risk.explain import FeatureEffect, customer_record, effect_list, explain, feature_effects
from tools.risk.features import build_features, knowledge_day
from tools.risk.history import History, to_timestamp
from tools.risk.ledger_history import load_ledger_history
from tools.risk.model import RULES_FEATURE, RiskPredictor, rules_predictor
from tools.risk.priority import PriorityItem, account_priority, value_at_risk
from tools.risk.store import load_latest_risk_model

ZERO = Decimal("0.00")


class InvoiceRisk(BaseModel):
    """An open invoice's probability of being paid late (or not at all), as of a day."""

    invoice_id: int
    number: str
    customer_id: int
    issue_date: dt.date
    due_date: dt.date
    balance: Decimal
    currency: str
    days_past_due: int
    disputed: bool
    probability_late: float
    predicted_late: bool
    model_version: int | None
    model_kind: str


class AccountRisk(BaseModel):
    """A customer's risk and worklist priority as of a day, with the reasons in plain words."""

    customer_id: int
    customer_name: str
    segment: str
    as_of: dt.date
    probability_late: float  # balance-weighted over undisputed open invoices
    predicted_late: bool
    priority: Decimal
    value_at_risk: Decimal  # Σ undisputed balance × P(late)
    open_balance: Decimal
    disputed_balance: Decimal
    oldest_days_past_due: int
    pending_promise: bool
    broken_promises: int
    model_version: int | None
    model_kind: str
    threshold: float
    explanations: list[str]
    top_features: list[FeatureEffect]
    invoices: list[InvoiceRisk]


@dataclass(frozen=True)
class ScoredBook:
    """The open invoices of a history at a day, with features, probabilities and per-feature effects."""

    history: History
    open_book: pd.DataFrame
    features: pd.DataFrame
    probabilities: np.ndarray
    effects: pd.DataFrame
    predictor: RiskPredictor
    version: int | None = None


def score_open_book(
    history: History, predictor: RiskPredictor, *, as_of: dt.date, customer_id: str | None = None
) -> ScoredBook:
    """P(late) of every invoice open at the end of `as_of`, from what was known by then (no database)."""
    invoices = history.invoices
    day = knowledge_day(as_of)
    open_book = invoices[(invoices["issue_date"] < day) & ~(invoices["settled_date"] < day)]
    if "balance" in open_book.columns:
        open_book = open_book[open_book["balance"] > ZERO]
    if customer_id is not None:
        open_book = open_book[open_book["customer_id"] == customer_id]
    features = build_features(
        history, open_book, scoring_days=pd.Series(day, index=open_book.index), params=predictor.params
    )
    for name in predictor.feature_names:
        if name not in features.columns:
            # A model trained where the ledger recorded something it no longer does: assume typical.
            features[name] = predictor.baseline.get(name, np.nan)
    empty = features.empty
    return ScoredBook(
        history=history,
        open_book=open_book,
        features=features,
        probabilities=np.zeros(0) if empty else predictor.predict(features),
        effects=pd.DataFrame(index=features.index) if empty else feature_effects(predictor, features),
        predictor=predictor,
    )


def current_predictor(session: Session, *, history: History, as_of: dt.date) -> tuple[RiskPredictor, int | None]:
    """The newest stored model, or the rules fallback (unversioned) before any model is trained."""
    stored = load_latest_risk_model(session)
    if stored is not None:
        info, predictor = stored
        return predictor, info.version
    fallback = rules_predictor(trained_through=as_of, reason="no trained model stored yet")
    fallback.baseline = {RULES_FEATURE: _portfolio_late_rate(history, as_of=as_of)}
    return fallback, None


def _portfolio_late_rate(history: History, *, as_of: dt.date) -> float:
    invoices = history.invoices
    done = invoices[invoices["settled_date"] <= to_timestamp(as_of)]
    return float((done["settled_date"] > done["due_date"]).mean()) if len(done) else 0.5


def _score(session: Session, *, as_of: dt.date, customer_id: int | None = None) -> ScoredBook:
    history = load_ledger_history(session, as_of=as_of)
    predictor, version = current_predictor(session, history=history, as_of=as_of)
    scored = score_open_book(
        history, predictor, as_of=as_of, customer_id=None if customer_id is None else str(customer_id)
    )
    return replace(scored, version=version)


def _invoice_risks(scored: ScoredBook, *, as_of: dt.date) -> list[InvoiceRisk]:
    book, predictor, probabilities = scored.open_book, scored.predictor, scored.probabilities
    if book.empty:
        return []
    disputed = book["disputed_on"].notna() & book["dispute_resolved_on"].isna()
    out = []
    for (_, row), p, is_disputed in zip(book.iterrows(), probabilities, disputed, strict=True):
        out.append(
            InvoiceRisk(
                invoice_id=int(row["invoice_pk"]),
                number=str(row["number"]),
                customer_id=int(row["customer_id"]),
                issue_date=row["issue_date"].date(),
                due_date=row["due_date"].date(),
                balance=Decimal(row["balance"]),
                currency=str(row["currency"]),
                days_past_due=(as_of - row["due_date"].date()).days,
                disputed=bool(is_disputed),
                probability_late=float(p),
                predicted_late=is_predicted_late(float(p), threshold=predictor.threshold),
                model_version=scored.version,
                model_kind=predictor.kind,
            )
        )
    return out


def is_predicted_late(probability: float, *, threshold: float) -> bool:
    """Whether a probability counts as "predicted late" (the gate for the pre-due courtesy reminder)."""
    return probability >= threshold


def invoice_risks(session: Session, *, as_of: dt.date, customer_id: int | None = None) -> list[InvoiceRisk]:
    """P(late) for every open invoice (or one customer's), using what the ledger knew at the end of `as_of`."""
    return _invoice_risks(_score(session, as_of=as_of, customer_id=customer_id), as_of=as_of)


def predict_late_probability(session: Session, *, invoice_id: int, as_of: dt.date) -> InvoiceRisk | None:
    """One open invoice's risk as of `as_of`; None if it is paid, credited or not issued yet."""
    for risk in invoice_risks(session, as_of=as_of):
        if risk.invoice_id == invoice_id:
            return risk
    return None


def score_accounts(session: Session, *, as_of: dt.date) -> list[AccountRisk]:
    """Every customer with an open balance, highest worklist priority first."""
    scored = _score(session, as_of=as_of)
    return _accounts(session, scored, as_of=as_of)


def customer_risk(session: Session, *, customer_id: int, as_of: dt.date) -> AccountRisk | None:
    """One customer's risk as of `as_of`; None when nothing is open."""
    accounts = _accounts(session, _score(session, as_of=as_of, customer_id=customer_id), as_of=as_of)
    return accounts[0] if accounts else None


def _accounts(session: Session, scored: ScoredBook, *, as_of: dt.date) -> list[AccountRisk]:
    risks = _invoice_risks(scored, as_of=as_of)
    if not risks:
        return []
    customers = {
        c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_({r.customer_id for r in risks})))
    }
    promises = _promise_state(scored.history, as_of=as_of)
    portfolio_rate = _portfolio_late_rate(scored.history, as_of=as_of)
    by_customer: dict[int, list[int]] = {}
    for position, risk in enumerate(risks):
        by_customer.setdefault(risk.customer_id, []).append(position)
    accounts = []
    for customer_id, positions in by_customer.items():
        customer = customers[customer_id]
        items = [risks[i] for i in positions]
        pending, broken = promises.get(str(customer_id), (False, 0))
        accounts.append(_account(scored, customer, items, positions, pending, broken, portfolio_rate, as_of=as_of))
    return sorted(accounts, key=lambda a: (-a.priority, -a.value_at_risk, a.customer_id))


def _account(
    scored: ScoredBook,
    customer: Customer,
    items: list[InvoiceRisk],
    positions: list[int],
    pending_promise: bool,
    broken_promises: int,
    portfolio_rate: float,
    *,
    as_of: dt.date,
) -> AccountRisk:
    predictor = scored.predictor
    undisputed = [r for r in items if not r.disputed] or items
    weights = np.array([float(r.balance) for r in undisputed])
    probabilities = np.array([r.probability_late for r in undisputed])
    probability = (
        float(np.average(probabilities, weights=weights)) if weights.sum() > 0 else float(probabilities.mean())
    )
    priority_items = [
        PriorityItem(
            balance=r.balance,
            probability_late=r.probability_late,
            days_past_due=r.days_past_due,
            disputed=r.disputed,
        )
        for r in items
    ]
    # Effects of the account: balance-weighted over its open invoices, so the big ones speak loudest.
    rows = scored.effects.iloc[positions]
    row_weights = np.array([float(r.balance) for r in items]) + 1e-9
    effects = {name: float(np.average(rows[name], weights=row_weights)) for name in rows.columns}
    values = {name: float(scored.features.iloc[positions][name].mean()) for name in predictor.feature_names}
    record = customer_record(
        scored.history, customer_id=str(customer.id), as_of=as_of, portfolio_late_rate=portfolio_rate
    )
    open_balance = sum((r.balance for r in items), ZERO)
    typical = record.typical_amount
    return AccountRisk(
        customer_id=customer.id,
        customer_name=customer.name,
        segment=customer.segment,
        as_of=as_of,
        probability_late=probability,
        predicted_late=is_predicted_late(probability, threshold=predictor.threshold),
        priority=account_priority(
            priority_items,
            segment=customer.segment,
            pending_promise=pending_promise,
            broken_promises=broken_promises,
        ),
        value_at_risk=sum((value_at_risk(item) for item in priority_items), ZERO),
        open_balance=open_balance,
        disputed_balance=sum((r.balance for r in items if r.disputed), ZERO),
        oldest_days_past_due=max(r.days_past_due for r in items),
        pending_promise=pending_promise,
        broken_promises=broken_promises,
        model_version=scored.version,
        model_kind=predictor.kind,
        threshold=predictor.threshold,
        explanations=explain(
            record,
            effects,
            balance_ratio=float(open_balance) / typical if typical > 0 else 0.0,
            channel_shift=predictor.params.channel_shift_days,
        ),
        top_features=effect_list(effects, values, predictor.baseline)[:5],
        invoices=items,
    )


def _promise_state(history: History, *, as_of: dt.date) -> dict[str, tuple[bool, int]]:
    """Per customer: a promise pending at `as_of` (made, date not passed, not broken) and broken count."""
    promises = history.promises
    if promises.empty:
        return {}
    today = to_timestamp(as_of)
    made = promises["recorded_on"] <= today
    pending = made & (promises["promised_date"] >= today) & (promises["status"] != "broken")
    # Same rule as the features: once its date has passed, a promise not kept counts as broken.
    broken = made & (promises["promised_date"] < today) & (promises["status"] != "kept")
    frame = pd.DataFrame({"customer_id": promises["customer_id"], "pending": pending, "broken": broken})
    grouped = frame.groupby("customer_id").agg(pending=("pending", "any"), broken=("broken", "sum"))
    return {str(k): (bool(v.pending), int(v.broken)) for k, v in grouped.iterrows()}
