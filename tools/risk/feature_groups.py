"""The feature groups of one invoice, each a pure function of a customer's masked book at a day.

`mask` is the one place outcomes are read: a settlement on or after the scoring day is replaced
by "not settled yet" before any group sees the book.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

PRIOR_STRENGTH = 5.0  # pseudo-invoices at the portfolio late rate behind every customer's own record
RECENT_WINDOWS = (3, 5, 10)
EWM_HALF_LIFE = 4.0  # invoices: the fifth-most-recent outcome counts half as much as the latest
# Normal-normal model of settle-vs-due days: customers differ by about BETWEEN, invoices of one
# customer by about WITHIN (typical B2B figures; the customer's own record dominates as it grows).
BETWEEN_CUSTOMER_SD = 10.0
WITHIN_CUSTOMER_SD = 7.0
# A customer's days-to-settle spread is shrunk toward a week, the typical within-customer spread.
SPREAD_PRIOR_DAYS = 7.0
SPREAD_PRIOR_WEIGHT = 3.0


def smoothed_rate(late: float, total: float, prior: float, strength: float = PRIOR_STRENGTH) -> float:
    """Beta-binomial posterior mean: the customer's late share pulled toward the portfolio's."""
    return (late + strength * prior) / (total + strength)


@dataclass(frozen=True)
class Book:
    """One customer's invoices as numpy arrays of day numbers (NaN where a date is missing)."""

    ids: np.ndarray
    issue: np.ndarray
    due: np.ndarray
    settled: np.ndarray
    amount: np.ndarray
    disputed_on: np.ndarray
    dispute_resolved_on: np.ndarray
    paperless: np.ndarray


def mask(book: Book, invoice_id: str, day: float) -> tuple[np.ndarray, np.ndarray]:
    """The customer's other invoices issued before `day`, and their settlements known by then."""
    issued = (book.ids != invoice_id) & (book.issue < day)
    # The one place outcomes are read: a settlement on or after `day` is not known yet.
    known_settled = np.where(book.settled < day, book.settled, np.nan)
    return issued, known_settled


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


def history_features(
    book: Book | None,
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
        issued, settled = mask(book, invoice_id, day)
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


def invoice_features(
    book: Book | None, invoice_id: str, issue: float, due: float, amount: float, day: float
) -> dict[str, float]:
    if book is None:
        earlier = np.zeros(0)
        earlier_amounts = np.zeros(0)
    else:
        issued, _ = mask(book, invoice_id, day)
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


def channel_features(book: Book | None, invoice_id: str, day: float, paperless: float) -> dict[str, float]:
    """How the customer paid on the same billing channel (paper or electronic) as this invoice."""
    out = {"paperless": paperless, "paperless_share": paperless}
    if book is None:
        return out | {"late_rate_same_channel": np.nan, "settle_vs_due_same_channel": np.nan}
    issued, settled = mask(book, invoice_id, day)
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


def dispute_features(book: Book | None, invoice_id: str, day: float) -> dict[str, float]:
    if book is None:
        return {"disputes_last_365d": 0.0, "open_disputes": 0.0}
    issued, _ = mask(book, invoice_id, day)
    opened = book.disputed_on
    resolved = np.where(book.dispute_resolved_on < day, book.dispute_resolved_on, np.nan)
    raised = issued & (opened < day)
    return {
        "disputes_last_365d": float((raised & (opened >= day - 365)).sum()),
        "open_disputes": float((raised & np.isnan(resolved)).sum()),
    }


def promise_features(promises: tuple[np.ndarray, np.ndarray, np.ndarray] | None, day: float) -> dict[str, float]:
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


def communication_features(comms: tuple[np.ndarray, np.ndarray] | None, day: float) -> dict[str, float]:
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
