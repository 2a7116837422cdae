"""Why an account scored as it did, in sentences a collector can check against the ledger.

Attribution is by occlusion, the same for every model kind: a feature's effect is the predicted
probability minus the probability with that one feature set to the training median (the typical
invoice). Features are grouped into reasons ("late share", "days late", "size" ...); reasons whose
features raised the probability come first, ordered by effect. Reasons the model does not use but
that stand out in the customer's record (a broken promise, an overdue invoice) follow, marked by
plain thresholds below, so a collector sees the facts behind a high score even when one engineered
feature carries the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.risk.features import knowledge_day
from tools.risk.history import History, day_number, to_timestamp
from tools.risk.model import RiskPredictor

MAX_REASONS = 4

REASON_OF_FEATURE: dict[str, str] = {
    **dict.fromkeys(
        [
            "late_rate", "late_last3", "late_last5", "late_last10", "late_ewm", "known_late_rate",
            "comparable_late_share", "p_late_bayes", "late_rate_same_channel", "n_settled",
        ],
        "late_share",
    ),
    **dict.fromkeys(
        [
            "mean_days_late", "days_late_ewm", "max_days_late_last5", "mean_settle_vs_due", "settle_vs_due_ewm",
            "median_settle_vs_due", "settle_vs_due_same_channel", "median_days_to_settle", "p90_days_to_settle",
            "p_settle_after_due", "std_days_to_settle",
        ],
        "days_late",
    ),
    "late_trend": "trend",
    **dict.fromkeys(["amount_ratio", "log_amount", "open_amount_ratio"], "size"),
    **dict.fromkeys(["overdue_count", "max_days_overdue", "open_count"], "overdue"),
    **dict.fromkeys(["promises_broken", "promises_kept", "promises_pending"], "promises"),
    **dict.fromkeys(["disputes_last_365d", "open_disputes"], "disputes"),
    **dict.fromkeys(["reply_rate", "outbound_last_90d"], "responsiveness"),
    **dict.fromkeys(["paperless", "paperless_share"], "channel"),
}  # fmt: skip


class FeatureEffect(BaseModel):
    """How much one model input moved the probability away from a typical invoice's."""

    feature: str
    value: float
    typical: float
    effect: float


@dataclass(frozen=True)
class CustomerRecord:
    """Plain facts about a customer's record before the scoring day, for the sentences."""

    settled: int
    late_of_last10: int
    last10: int
    late_of_last5: int
    last5: int
    mean_days_late: float
    history_months: int
    typical_amount: float
    open_invoices: int
    overdue_invoices: int
    oldest_overdue_days: int
    promises_broken: int
    promises_due: int
    disputes_last_year: int
    reminders: int
    replies: int
    portfolio_late_rate: float
    paperless: float


def feature_effects(predictor: RiskPredictor, features: pd.DataFrame) -> pd.DataFrame:
    """Per row and model input: P(late) minus P(late) with that input set to its typical value."""
    base = predictor.predict(features)
    effects = {}
    for name in predictor.feature_names:
        typical = predictor.baseline.get(name)
        if typical is None:
            continue
        swapped = features.copy()
        swapped[name] = typical
        effects[name] = base - predictor.predict(swapped)
    return pd.DataFrame(effects, index=features.index)


def customer_record(
    history: History, *, customer_id: str, as_of: dt.date, portfolio_late_rate: float
) -> CustomerRecord:
    """The customer's record as known at the end of `as_of` (later settlements are not counted)."""
    day = knowledge_day(as_of)
    invoices = history.invoices[history.invoices["customer_id"] == customer_id]
    issued = invoices[invoices["issue_date"] < day]
    done = issued[issued["settled_date"] < day].sort_values("settled_date")
    vs_due = (done["settled_date"] - done["due_date"]).dt.days.to_numpy()
    late = vs_due > 0
    open_ = issued[~(issued["settled_date"] < day)]
    overdue = open_[open_["due_date"] < day]
    span_days = float((day - done["settled_date"].min()).days) if len(done) else 0.0
    promises = history.promises[history.promises["customer_id"] == customer_id]
    promised = day_number(promises["promised_date"]) if len(promises) else np.zeros(0)
    recorded = day_number(promises["recorded_on"]) if len(promises) else np.zeros(0)
    today = float(day_number(pd.Series([day]))[0])
    promise_due = (recorded < today) & (promised < today)
    kept = promise_due & (promises["status"].to_numpy(str) == "kept") if len(promises) else promise_due
    disputes = (
        int(((issued["disputed_on"] < day) & (issued["disputed_on"] >= day - pd.Timedelta(days=365))).sum())
        if "disputed_on" in issued.columns
        else 0
    )
    reminders, replies = _reminders_and_replies(history, customer_id=customer_id, day=day)
    paperless = float(issued["paperless"].iloc[-1]) if "paperless" in issued.columns and len(issued) else np.nan
    return CustomerRecord(
        settled=len(done),
        late_of_last10=int(late[-10:].sum()),
        last10=len(late[-10:]),
        late_of_last5=int(late[-5:].sum()),
        last5=len(late[-5:]),
        mean_days_late=float(np.clip(vs_due, 0, None).mean()) if len(vs_due) else 0.0,
        history_months=max(1, round(span_days / 30.4)) if len(done) else 0,
        typical_amount=float(issued["amount"].median()) if len(issued) else 0.0,
        open_invoices=len(open_),
        overdue_invoices=len(overdue),
        oldest_overdue_days=int((to_timestamp(as_of) - overdue["due_date"]).dt.days.max()) if len(overdue) else 0,
        promises_broken=int((promise_due & ~kept).sum()),
        promises_due=int(promise_due.sum()),
        disputes_last_year=disputes,
        reminders=reminders,
        replies=replies,
        portfolio_late_rate=portfolio_late_rate,
        paperless=paperless,
    )


def _reminders_and_replies(history: History, *, customer_id: str, day: pd.Timestamp) -> tuple[int, int]:
    comms = history.communications[history.communications["customer_id"] == customer_id]
    if comms.empty:
        return 0, 0
    window = comms[(comms["at"] < day - pd.Timedelta(days=7)) & (comms["at"] >= day - pd.Timedelta(days=180))]
    outbound = window[window["direction"] == "outbound"]["at"]
    inbound = comms[(comms["direction"] == "inbound") & (comms["at"] < day)]["at"]
    replies = sum(bool(((inbound > t) & (inbound <= t + pd.Timedelta(days=7))).any()) for t in outbound)
    return len(outbound), replies


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _sentence(reason: str, record: CustomerRecord, balance_ratio: float, channel_shift: float) -> str | None:
    """The collector-facing sentence for one reason, or None when the record has nothing to say."""
    r = record
    portfolio = f"portfolio {r.portfolio_late_rate:.0%}"
    if reason == "late_share":
        if r.settled < 3:
            return f"only {_plural(r.settled, 'paid invoice')} on record, so risk leans on the {portfolio} late rate"
        return f"paid {r.late_of_last10} of last {r.last10} invoices late ({portfolio})"
    if reason == "days_late" and r.settled:
        return f"average {r.mean_days_late:.0f} days late over {_plural(r.history_months, 'month')}"
    if reason == "trend" and r.last5 >= 3:
        return f"late on {r.late_of_last5} of last {r.last5} invoices, against {r.late_of_last10} of last {r.last10}"
    if reason == "size" and balance_ratio > 0:
        if r.open_invoices > 1:
            return f"open balance {balance_ratio:.1f}× their typical invoice ({r.open_invoices} invoices open)"
        return f"balance {balance_ratio:.1f}× their typical invoice"
    if reason == "overdue" and r.overdue_invoices:
        return (
            f"{_plural(r.overdue_invoices, 'invoice')} already past due and unpaid "
            f"(oldest {_plural(r.oldest_overdue_days, 'day')})"
        )
    if reason == "promises" and r.promises_broken:
        return f"broke {r.promises_broken} of {_plural(r.promises_due, 'promise')} to pay"
    if reason == "disputes" and r.disputes_last_year:
        return f"{_plural(r.disputes_last_year, 'dispute')} raised in the last 12 months"
    if reason == "responsiveness" and r.reminders:
        return f"replied to {r.replies} of {_plural(r.reminders, 'reminder')} in the last 6 months"
    if reason == "channel" and r.paperless == 0 and channel_shift < 0:
        return f"billed on paper; electronic invoices settle about {abs(channel_shift):.0f} days sooner"
    return None


def _stands_out(reason: str, record: CustomerRecord, balance_ratio: float) -> bool:
    """Whether the record alone makes a reason worth a collector's attention."""
    r = record
    late_share = r.late_of_last10 / r.last10 if r.last10 else 0.0
    return {
        "late_share": r.last10 >= 3 and late_share >= r.portfolio_late_rate + 0.1,
        "days_late": r.settled >= 3 and r.mean_days_late >= 5,
        # Several normal invoices open at once is routine; open invoices larger than usual is not.
        "size": balance_ratio / max(r.open_invoices, 1) >= 1.5,
        "overdue": r.overdue_invoices > 0,
        "promises": r.promises_broken > 0,
        "disputes": r.disputes_last_year > 0,
        "responsiveness": r.reminders >= 3 and r.replies / r.reminders < 0.34,
    }.get(reason, False)


def explain(
    record: CustomerRecord,
    effects: dict[str, float],
    *,
    balance_ratio: float,
    channel_shift: float = 0.0,
    max_reasons: int = MAX_REASONS,
) -> list[str]:
    """Up to `max_reasons` sentences: what raised the model's probability, then what stands out."""
    by_reason: dict[str, float] = {}
    for feature, effect in effects.items():
        reason = REASON_OF_FEATURE.get(feature)
        if reason is not None:
            by_reason[reason] = by_reason.get(reason, 0.0) + effect
    raised = [reason for reason, effect in sorted(by_reason.items(), key=lambda kv: -kv[1]) if effect > 0.005]
    notable = [
        reason for reason in dict.fromkeys(REASON_OF_FEATURE.values()) if _stands_out(reason, record, balance_ratio)
    ]
    sentences: list[str] = []
    if not raised and record.settled >= 3:
        # Nothing in the record pushed the risk up: say what holds it down before any caveat.
        on_time = record.last10 - record.late_of_last10
        late_share = f"portfolio {record.portfolio_late_rate:.0%} late"
        sentences.append(f"paid {on_time} of last {record.last10} invoices on time ({late_share})")
    for reason in dict.fromkeys(raised + notable):
        text = _sentence(reason, record, balance_ratio, channel_shift)
        if text and text not in sentences:
            sentences.append(text)
    return sentences[:max_reasons]


def effect_list(effects: dict[str, float], values: dict[str, float], typical: dict[str, float]) -> list[FeatureEffect]:
    """Effects as typed values, largest rise in probability first."""
    return [
        FeatureEffect(
            feature=name,
            value=values.get(name, float("nan")),
            typical=typical.get(name, float("nan")),
            effect=e,
        )
        for name, e in sorted(effects.items(), key=lambda kv: -kv[1])
    ]
