"""Point-in-time features of an invoice: only what was known before its scoring date.

Every feature for a target invoice scored at day `d` is computed from the customer's other
invoices with their settlement dates *masked* at `d` (a settlement on or after `d` is treated as
not yet happened), the invoice's own issue-time attributes, and portfolio figures from invoices
settled before `d`. The masking happens first, in `_mask`, so no later code can see an outcome
from the future; `tests/tools/risk/test_features.py` mutates future outcomes to prove it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.risk.history import History, day_number, to_timestamp

PRIOR_STRENGTH = 5.0  # pseudo-invoices at the portfolio late rate behind every customer's own record
RECENT_WINDOWS = (3, 5, 10)
EWM_HALF_LIFE = 4.0  # invoices: the fifth-most-recent outcome counts half as much as the latest
PORTFOLIO_RECENT_DAYS = 90
# Normal-normal model of settle-vs-due days: customers differ by about BETWEEN, invoices of one
# customer by about WITHIN (typical B2B figures; the customer's own record dominates as it grows).
BETWEEN_CUSTOMER_SD = 10.0
WITHIN_CUSTOMER_SD = 7.0
# A customer's days-to-settle spread is shrunk toward a week, the typical within-customer spread.
SPREAD_PRIOR_DAYS = 7.0
SPREAD_PRIOR_WEIGHT = 3.0

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


def smoothed_rate(late: float, total: float, prior: float, strength: float = PRIOR_STRENGTH) -> float:
    """Beta-binomial posterior mean: the customer's late share pulled toward the portfolio's."""
    return (late + strength * prior) / (total + strength)


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
class _Book:
    """One customer's invoices as numpy arrays of day numbers (NaN where a date is missing)."""

    ids: np.ndarray
    issue: np.ndarray
    due: np.ndarray
    settled: np.ndarray
    amount: np.ndarray
    disputed_on: np.ndarray
    dispute_resolved_on: np.ndarray
    paperless: np.ndarray


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
        self._books: dict[str, _Book] = {}
        for customer_id, group in invoices.groupby("customer_id", sort=False):
            self._books[str(customer_id)] = _Book(
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
                row |= _channel_features(self._books.get(str(customer_id)), str(invoice_id), at[i], paperless[i])
            rows.append(row)
        frame = pd.DataFrame(rows, index=targets.index, columns=self.names)
        return frame.astype(float)

    def _comparable_late_share(
        self, customer_id: str, invoice_id: str, day: float, amount: float, paperless: float, prior: float
    ) -> float:
        book = self._books.get(customer_id)
        if book is None:
            return prior
        issued, settled = _mask(book, invoice_id, day)
        order = np.argsort(book.issue[issued], kind="stable")
        vs_due = (settled[issued] - book.due[issued])[order]
        shift = self.params.log_amount_shift_days * (np.log1p(max(amount, 0.0)) - np.log1p(book.amount[issued][order]))
        if not np.isnan(paperless):
            channel = np.nan_to_num(book.paperless[issued][order], nan=paperless)
            shift = shift + self.params.channel_shift_days * (paperless - channel)
        done = ~np.isnan(vs_due)
        near_late = np.empty(len(vs_due))
        near_late[done] = 0.5 * (1.0 + _erf((vs_due[done] + shift[done]) / (KERNEL_BANDWIDTH_DAYS * math.sqrt(2.0))))
        # Still open at `day`: we know only that it has taken at least this long. Past due is late;
        # otherwise, of the customer's settled invoices that took that long, the share that were late.
        open_for = (day - book.due[issued][order])[~done]
        settled_vs_due = vs_due[done]
        rate = smoothed_rate(float((settled_vs_due > 0).sum()), float(done.sum()), prior)
        late_count = float((settled_vs_due > 0).sum())
        near_late[~done] = [
            1.0 if lower > 0 else (late_count + rate) / (float((settled_vs_due > lower).sum()) + 1.0)
            for lower in open_for
        ]
        weights = 0.5 ** (np.arange(len(near_late))[::-1] / KERNEL_HALF_LIFE)
        return float((weights @ near_late + KERNEL_PRIOR_WEIGHT * prior) / (weights.sum() + KERNEL_PRIOR_WEIGHT))

    def _row(
        self, customer_id: str, invoice_id: str, issue: float, due: float, amount: float, day: float
    ) -> dict[str, float]:
        port_rate, port_recent, port_days_late, port_settle_vs_due = self._portfolio.at(day)
        row: dict[str, float] = {"portfolio_late_rate": port_rate, "portfolio_recent_late_rate": port_recent}
        book = self._books.get(customer_id)
        row |= _history_features(book, invoice_id, day, port_rate, port_days_late, port_settle_vs_due)
        row |= _invoice_features(book, invoice_id, issue, due, amount, day)
        if "disputes_last_365d" in self.names:
            row |= _dispute_features(book, invoice_id, day)
        if "promises_broken" in self.names:
            row |= _promise_features(self._promises.get(customer_id), day)
        if "reply_rate" in self.names:
            row |= _communication_features(self._comms.get(customer_id), day)
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


def _mask(book: _Book, invoice_id: str, day: float) -> tuple[np.ndarray, np.ndarray]:
    """The customer's other invoices issued before `day`, and their settlements known by then."""
    issued = (book.ids != invoice_id) & (book.issue < day)
    # The one place outcomes are read: a settlement on or after `day` is not known yet.
    known_settled = np.where(book.settled < day, book.settled, np.nan)
    return issued, known_settled


def _erf(values: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.vectorize(math.erf, otypes=[float])(values)
    return result


def _posterior_late_probability(vs_due: np.ndarray, prior_mean: float) -> float:
    """P(next settlement after due date) under a normal-normal model shrunk toward the portfolio."""
    precision = 1.0 / BETWEEN_CUSTOMER_SD**2 + len(vs_due) / WITHIN_CUSTOMER_SD**2
    mean = (prior_mean / BETWEEN_CUSTOMER_SD**2 + vs_due.sum() / WITHIN_CUSTOMER_SD**2) / precision
    spread = math.sqrt(WITHIN_CUSTOMER_SD**2 + 1.0 / precision)
    return 0.5 * (1.0 + math.erf(mean / (spread * math.sqrt(2.0))))


def _padded_share(late_in_order: np.ndarray, window: int, prior: float) -> float:
    """Late share of the last `window` outcomes, empty slots filled with the prior rate."""
    recent = late_in_order[-window:]
    return float((recent.sum() + (window - len(recent)) * prior) / window)


def _history_features(
    book: _Book | None,
    invoice_id: str,
    day: float,
    port_rate: float,
    port_days_late: float,
    port_settle_vs_due: float,
) -> dict[str, float]:
    if book is None:
        issued, settled = np.zeros(0, bool), np.zeros(0)
        due = issue = amount = np.zeros(0)
    else:
        issued, settled = _mask(book, invoice_id, day)
        due, issue, amount = book.due, book.issue, book.amount
    done = issued & ~np.isnan(settled)
    order = np.argsort(settled[done], kind="stable")
    vs_due = (settled[done] - due[done])[order]
    late = (vs_due > 0).astype(float)
    days_late = np.clip(vs_due, 0, None)
    to_settle = (settled[done] - issue[done])[order]
    n = float(len(late))

    rate = smoothed_rate(late.sum(), n, port_rate)
    mean_vs_due = float((vs_due.sum() + port_settle_vs_due) / (n + 1.0))
    squares = float(((to_settle - to_settle.mean()) ** 2).sum()) if n else 0.0
    spread = math.sqrt(
        (squares + SPREAD_PRIOR_WEIGHT * SPREAD_PRIOR_DAYS**2) / (max(n - 1.0, 0.0) + SPREAD_PRIOR_WEIGHT)
    )
    weights = 0.5 ** (np.arange(len(late))[::-1] / EWM_HALF_LIFE)
    open_ = issued & np.isnan(settled)
    overdue = open_ & (due < day)
    n_overdue = float(overdue.sum())
    typical = float(np.median(amount[issued])) if issued.any() else 0.0
    return {
        "late_rate": rate,
        "n_settled": n,
        **{f"late_last{k}": _padded_share(late, k, rate) for k in RECENT_WINDOWS},
        "late_trend": _padded_share(late, 5, rate) - rate,
        "late_ewm": float((weights @ late + port_rate) / (weights.sum() + 1.0)),
        "mean_days_late": float((days_late.sum() + port_days_late) / (n + 1.0)),
        "days_late_ewm": float((weights @ days_late + port_days_late) / (weights.sum() + 1.0)),
        "max_days_late_last5": float(days_late[-5:].max()) if n else port_days_late,
        "mean_settle_vs_due": mean_vs_due,
        "settle_vs_due_ewm": float((weights @ vs_due + port_settle_vs_due) / (weights.sum() + 1.0)),
        "median_settle_vs_due": float(np.median(vs_due)) if n else port_settle_vs_due,
        "std_days_to_settle": spread,
        # Late means settling after the due date: the normal tail beyond it, from the customer's record.
        "p_settle_after_due": 0.5 * (1.0 + math.erf(mean_vs_due / (spread * math.sqrt(2.0)))),
        "p_late_bayes": _posterior_late_probability(vs_due, port_settle_vs_due),
        "median_days_to_settle": float(np.median(to_settle)) if n else np.nan,
        "p90_days_to_settle": float(np.quantile(to_settle, 0.9)) if n else np.nan,
        "open_count": float(open_.sum()),
        "open_amount_ratio": float(amount[open_].sum() / typical) if typical > 0 else 0.0,
        "overdue_count": n_overdue,
        "max_days_overdue": float((day - due[overdue]).max()) if n_overdue else 0.0,
        # An open invoice already past its due date is certain to be late: known before `day`.
        "known_late_rate": smoothed_rate(late.sum() + n_overdue, n + n_overdue, port_rate),
    }


def _invoice_features(
    book: _Book | None, invoice_id: str, issue: float, due: float, amount: float, day: float
) -> dict[str, float]:
    if book is None:
        earlier = np.zeros(0)
        earlier_amounts = np.zeros(0)
    else:
        issued, _ = _mask(book, invoice_id, day)
        earlier, earlier_amounts = book.issue[issued], book.amount[issued]
    typical = float(np.median(earlier_amounts)) if len(earlier_amounts) else amount
    issued_on = dt.date(1970, 1, 1) + dt.timedelta(days=int(issue))
    return {
        "amount_ratio": amount / typical if typical > 0 else 1.0,
        "log_amount": float(np.log1p(max(amount, 0.0))),
        "terms_days": due - issue,
        "issue_weekday": float(issued_on.weekday()),
        "issue_month": float(issued_on.month),
        "tenure_days": float(day - earlier.min()) if len(earlier) else 0.0,
        "invoices_last_90d": float((earlier >= day - 90).sum()),
    }


def _channel_features(book: _Book | None, invoice_id: str, day: float, paperless: float) -> dict[str, float]:
    """How the customer paid on the same billing channel (paper or electronic) as this invoice."""
    out = {"paperless": paperless, "paperless_share": paperless}
    if book is None:
        return out | {"late_rate_same_channel": np.nan, "settle_vs_due_same_channel": np.nan}
    issued, settled = _mask(book, invoice_id, day)
    done = issued & ~np.isnan(settled)
    vs_due = settled[done] - book.due[done]
    channel = book.paperless[done]
    same = channel == paperless
    overall = smoothed_rate(float((vs_due > 0).sum()), float(len(vs_due)), 0.5)
    mean_vs_due = float(vs_due.mean()) if len(vs_due) else np.nan
    if len(channel):
        out["paperless_share"] = float(np.nanmean(channel))
    out["late_rate_same_channel"] = smoothed_rate(float((vs_due[same] > 0).sum()), float(same.sum()), overall, 3.0)
    out["settle_vs_due_same_channel"] = (
        (float(vs_due[same].sum()) + 3.0 * mean_vs_due) / (same.sum() + 3.0) if len(vs_due) else np.nan
    )
    return out


def _dispute_features(book: _Book | None, invoice_id: str, day: float) -> dict[str, float]:
    if book is None:
        return {"disputes_last_365d": 0.0, "open_disputes": 0.0}
    issued, _ = _mask(book, invoice_id, day)
    opened = book.disputed_on
    resolved = np.where(book.dispute_resolved_on < day, book.dispute_resolved_on, np.nan)
    raised = issued & (opened < day)
    return {
        "disputes_last_365d": float((raised & (opened >= day - 365)).sum()),
        "open_disputes": float((raised & np.isnan(resolved)).sum()),
    }


def _promise_features(promises: tuple[np.ndarray, np.ndarray, np.ndarray] | None, day: float) -> dict[str, float]:
    if promises is None:
        return {"promises_broken": 0.0, "promises_kept": 0.0, "promises_pending": 0.0}
    recorded, promised, status = promises
    made = recorded < day
    # A promise is settled one way or the other once its date has passed; before that it is pending
    # whatever its status says today (a later "kept" would leak the payment).
    due_passed = made & (promised < day)
    kept = due_passed & (status == "kept")
    return {
        "promises_broken": float((due_passed & ~kept).sum()),
        "promises_kept": float(kept.sum()),
        "promises_pending": float((made & (promised >= day)).sum()),
    }


def _communication_features(comms: tuple[np.ndarray, np.ndarray] | None, day: float) -> dict[str, float]:
    if comms is None:
        return {"reply_rate": 0.5, "outbound_last_90d": 0.0}
    at, direction = comms
    inbound = np.sort(at[(direction == "inbound") & (at < day)])
    # Only contacts whose 7-day reply window closed before `day` count toward the reply rate.
    outbound = at[(direction == "outbound") & (at < day - 7) & (at >= day - 180)]
    replied = sum(bool(((inbound > t) & (inbound <= t + 7)).any()) for t in outbound)
    recent_outbound = ((direction == "outbound") & (at < day) & (at >= day - 90)).sum()
    return {
        "reply_rate": (replied + 1.0) / (len(outbound) + 2.0),
        "outbound_last_90d": float(recent_outbound),
    }
