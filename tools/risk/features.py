"""Point-in-time features of an invoice: only what was known before its scoring date.

Every feature for a target invoice scored at day `d` is computed from the customer's other
invoices with their settlement dates *masked* at `d` (a settlement on or after `d` is treated as
not yet happened), the invoice's own issue-time attributes, and portfolio figures from invoices
settled before `d`. The masking happens first, in `feature_groups.mask`, so no later code can see
an outcome from the future; `tests/tools/risk/test_features.py` rewrites future outcomes to prove it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.risk.feature_groups import (
    Book,
    channel_features,
    communication_features,
    dispute_features,
    history_features,
    invoice_features,
    mask,
    promise_features,
    smoothed_rate,
)
from tools.risk.history import History, day_number, to_timestamp

PORTFOLIO_RECENT_DAYS = 90

# "Comparable late share": each past settlement is moved to this invoice's billing channel and
# size (by the fitted `FeatureParams`), then counts as late with a probability that falls off
# smoothly around the due date, so a payment one day early is a near miss, not a clean record.
# Invoices still open count too (see `_comparable_late_share`), so a slow current invoice is not
# hidden just because it has not settled yet. The constants were chosen on validation folds
# inside the IBM training period (before 2013-05-06), never on the test period.
KERNEL_BANDWIDTH_DAYS = 5.0
KERNEL_HALF_LIFE = 8.0
KERNEL_PRIOR_WEIGHT = 2.0


class FeatureParams(BaseModel):
    """Per-tenant adjustments fitted on training data: how channel and size shift settle days."""

    channel_shift_days: float = 0.0  # electronic minus paper billing, same customer
    log_amount_shift_days: float = 0.0  # per unit of log(1 + amount), same customer


BASE_FEATURES = [
    "late_rate",
    "comparable_late_share",
    "n_settled",
    "late_last3",
    "late_last5",
    "late_last10",
    "late_trend",
    "late_ewm",
    "mean_days_late",
    "days_late_ewm",
    "max_days_late_last5",
    "mean_settle_vs_due",
    "settle_vs_due_ewm",
    "median_settle_vs_due",
    "std_days_to_settle",
    "p_settle_after_due",
    "p_late_bayes",
    "median_days_to_settle",
    "p90_days_to_settle",
    "open_count",
    "open_amount_ratio",
    "overdue_count",
    "max_days_overdue",
    "known_late_rate",
    "amount_ratio",
    "log_amount",
    "terms_days",
    "issue_weekday",
    "issue_month",
    "tenure_days",
    "invoices_last_90d",
    "portfolio_late_rate",
    "portfolio_recent_late_rate",
]
PAPERLESS_FEATURES = ["paperless", "paperless_share", "late_rate_same_channel", "settle_vs_due_same_channel"]
DISPUTE_FEATURES = ["disputes_last_365d", "open_disputes"]
PROMISE_FEATURES = ["promises_broken", "promises_kept", "promises_pending"]
COMMUNICATION_FEATURES = ["reply_rate", "outbound_last_90d"]


def feature_names(history: History) -> list[str]:
    """The features this history can support; optional groups need their source columns."""
    names = list(BASE_FEATURES)
    columns = history.invoices.columns
    if "paperless" in columns:
        names += PAPERLESS_FEATURES
    if "disputed_on" in columns:
        names += DISPUTE_FEATURES
    if history.has_promises:
        names += PROMISE_FEATURES
    if history.has_communications:
        names += COMMUNICATION_FEATURES
    return names


@dataclass(frozen=True)
class _Portfolio:
    """All settlements in date order, so portfolio rates at any day are two binary searches."""

    settled: np.ndarray
    cum_late: np.ndarray
    cum_days_late: np.ndarray
    cum_settle_vs_due: np.ndarray

    def at(self, day: float) -> tuple[float, float, float, float]:
        """Late rate, recent late rate, mean days late, mean settle-vs-due of settlements before `day`."""
        n = int(np.searchsorted(self.settled, day, side="left"))
        if n == 0:
            return 0.5, 0.5, 0.0, 0.0
        rate = self.cum_late[n - 1] / n
        start = int(np.searchsorted(self.settled, day - PORTFOLIO_RECENT_DAYS, side="left"))
        recent_late = self.cum_late[n - 1] - (self.cum_late[start - 1] if start else 0.0)
        recent = smoothed_rate(recent_late, n - start, rate, strength=20.0)
        return rate, recent, self.cum_days_late[n - 1] / n, self.cum_settle_vs_due[n - 1] / n


def _column_days(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name in frame.columns:
        return day_number(frame[name])
    return np.full(len(frame), np.nan)


def _column_values(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name in frame.columns:
        values: np.ndarray = frame[name].to_numpy(dtype=float)
        return values
    return np.full(len(frame), np.nan)


class FeatureBuilder:
    """Computes point-in-time feature rows for invoices of one history."""

    def __init__(self, history: History, params: FeatureParams | None = None) -> None:
        self.history = history
        self.params = params or FeatureParams()
        self.names = feature_names(history)
        invoices = history.invoices
        self._books: dict[str, Book] = {}
        for customer_id, group in invoices.groupby("customer_id", sort=False):
            self._books[str(customer_id)] = Book(
                ids=group["invoice_id"].to_numpy(dtype=str),
                issue=day_number(group["issue_date"]),
                due=day_number(group["due_date"]),
                settled=day_number(group["settled_date"]),
                amount=group["amount"].to_numpy(dtype=float),
                disputed_on=_column_days(group, "disputed_on"),
                dispute_resolved_on=_column_days(group, "dispute_resolved_on"),
                paperless=_column_values(group, "paperless"),
            )
        self._portfolio = _portfolio(invoices)
        self._promises = {
            str(k): (day_number(g["recorded_on"]), day_number(g["promised_date"]), g["status"].to_numpy(str))
            for k, g in history.promises.groupby("customer_id", sort=False)
        }
        self._comms = {
            str(k): (day_number(g["at"]), g["direction"].to_numpy(str))
            for k, g in history.communications.groupby("customer_id", sort=False)
        }

    def build(self, targets: pd.DataFrame, *, scoring_days: pd.Series) -> pd.DataFrame:
        """One feature row per target invoice, each from what was known before its scoring day."""
        issue = day_number(targets["issue_date"])
        due = day_number(targets["due_date"])
        at = day_number(scoring_days)
        paperless = _column_values(targets, "paperless")
        rows = []
        for i, (customer_id, invoice_id, amount) in enumerate(
            zip(targets["customer_id"], targets["invoice_id"], targets["amount"], strict=True)
        ):
            row = self._row(str(customer_id), str(invoice_id), issue[i], due[i], float(amount), at[i])
            row["comparable_late_share"] = self._comparable_late_share(
                str(customer_id),
                str(invoice_id),
                at[i],
                float(amount),
                paperless[i],
                row["portfolio_late_rate"],
            )
            if "paperless" in self.names:
                row |= channel_features(self._books.get(str(customer_id)), str(invoice_id), at[i], paperless[i])
            rows.append(row)
        frame = pd.DataFrame(rows, index=targets.index, columns=self.names)
        return frame.astype(float)

    def _comparable_late_share(
        self, customer_id: str, invoice_id: str, day: float, amount: float, paperless: float, prior: float
    ) -> float:
        book = self._books.get(customer_id)
        if book is None:
            return prior
        issued, settled = mask(book, invoice_id, day)
        order = np.argsort(book.issue[issued], kind="stable")
        vs_due = (settled[issued] - book.due[issued])[order]
        shift = self.params.log_amount_shift_days * (np.log1p(max(amount, 0.0)) - np.log1p(book.amount[issued][order]))
        if not np.isnan(paperless):
            channel = np.nan_to_num(book.paperless[issued][order], nan=paperless)
            shift = shift + self.params.channel_shift_days * (paperless - channel)
        done = ~np.isnan(vs_due)
        near_late = np.empty(len(vs_due))
        near_late[done] = 0.5 * (1.0 + _erf((vs_due[done] + shift[done]) / (KERNEL_BANDWIDTH_DAYS * math.sqrt(2.0))))
        # Still open at `day`: it will settle at least this many days after its due date. Past due
        # is late for certain; otherwise, of the customer's settled invoices that took at least that
        # long, the share that were late (one pseudo-invoice at their smoothed rate keeps it finite).
        at_least = (day - book.due[issued][order])[~done]
        settled_vs_due = vs_due[done]
        late_count = float((settled_vs_due > 0).sum())
        rate = smoothed_rate(late_count, float(done.sum()), prior)
        near_late[~done] = [
            1.0 if bound > 0 else (late_count + rate) / (float((settled_vs_due > bound).sum()) + 1.0)
            for bound in at_least
        ]
        weights = 0.5 ** (np.arange(len(near_late))[::-1] / KERNEL_HALF_LIFE)
        return float((weights @ near_late + KERNEL_PRIOR_WEIGHT * prior) / (weights.sum() + KERNEL_PRIOR_WEIGHT))

    def _row(
        self, customer_id: str, invoice_id: str, issue: float, due: float, amount: float, day: float
    ) -> dict[str, float]:
        port_rate, port_recent, port_days_late, port_settle_vs_due = self._portfolio.at(day)
        row: dict[str, float] = {"portfolio_late_rate": port_rate, "portfolio_recent_late_rate": port_recent}
        book = self._books.get(customer_id)
        row |= history_features(book, invoice_id, day, port_rate, port_days_late, port_settle_vs_due)
        row |= invoice_features(book, invoice_id, issue, due, amount, day)
        if "disputes_last_365d" in self.names:
            row |= dispute_features(book, invoice_id, day)
        if "promises_broken" in self.names:
            row |= promise_features(self._promises.get(customer_id), day)
        if "reply_rate" in self.names:
            row |= communication_features(self._comms.get(customer_id), day)
        return row


def build_features(
    history: History, targets: pd.DataFrame, *, scoring_days: pd.Series, params: FeatureParams | None = None
) -> pd.DataFrame:
    """Point-in-time features for `targets` (invoice rows), each known before its scoring day."""
    return FeatureBuilder(history, params).build(targets, scoring_days=scoring_days)


def knowledge_day(as_of: dt.date) -> pd.Timestamp:
    """The scoring day for live use: everything recorded up to and including `as_of` is known."""
    return to_timestamp(as_of) + pd.Timedelta(days=1)


def fit_feature_params(history: History, *, before: dt.date | pd.Timestamp) -> FeatureParams:
    """Within-customer least squares of settle-vs-due days on channel and log size, settled before `before`."""
    invoices = history.invoices
    done = invoices[invoices["settled_date"] < to_timestamp(before)]
    columns = ["log_amount"] + (["paperless"] if "paperless" in done.columns else [])
    frame = pd.DataFrame(
        {
            "vs_due": (done["settled_date"] - done["due_date"]).dt.days.astype(float),
            "log_amount": np.log1p(done["amount"].clip(lower=0)),
            **({"paperless": done["paperless"]} if "paperless" in done.columns else {}),
        }
    ).dropna()
    if len(frame) < 50:
        return FeatureParams()
    # Demeaning within customer removes who the customer is; what is left is channel and size.
    within = frame - frame.groupby(done.loc[frame.index, "customer_id"]).transform("mean")
    coef, *_ = np.linalg.lstsq(within[columns].to_numpy(), within["vs_due"].to_numpy(), rcond=None)
    fitted = dict(zip(columns, coef, strict=True))
    return FeatureParams(
        channel_shift_days=float(fitted.get("paperless", 0.0)),
        log_amount_shift_days=float(fitted["log_amount"]),
    )


def _portfolio(invoices: pd.DataFrame) -> _Portfolio:
    settled = day_number(invoices["settled_date"])
    due = day_number(invoices["due_date"])
    done = ~np.isnan(settled)
    order = np.argsort(settled[done], kind="stable")
    s, d = settled[done][order], due[done][order]
    vs_due = s - d
    return _Portfolio(
        settled=s,
        cum_late=np.cumsum(vs_due > 0).astype(float),
        cum_days_late=np.cumsum(np.clip(vs_due, 0, None)),
        cum_settle_vs_due=np.cumsum(vs_due),
    )


def _erf(values: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.vectorize(math.erf, otypes=[float])(values)
    return result
