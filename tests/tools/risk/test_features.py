"""Point-in-time features: nothing that happens on or after the scoring day may reach them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.tools.risk.helpers import synthetic_history
from tools.risk.features import (
    FeatureParams,
    build_features,
    feature_names,
    smoothed_rate,
)
from tools.risk.history import History

PARAMS = FeatureParams(channel_shift_days=-5.0, log_amount_shift_days=1.0)


def _rewrite_the_future(history: History, day: pd.Timestamp, rng: np.random.Generator) -> History:
    """Every outcome on or after `day` replaced by another one also on or after `day` (or none yet)."""
    invoices = history.invoices.copy()
    future = invoices["settled_date"] >= day
    shifted = invoices.loc[future, "settled_date"] + pd.to_timedelta(rng.integers(0, 90, future.sum()), unit="D")
    still_open = rng.random(future.sum()) < 0.3
    invoices.loc[future, "settled_date"] = shifted.where(~still_open, pd.NaT)
    # Invoices open today may settle any time from `day` on, or never.
    open_now = invoices["settled_date"].isna() & (invoices["issue_date"] < day) & ~future
    invoices.loc[open_now, "settled_date"] = day + pd.to_timedelta(rng.integers(0, 60, open_now.sum()), unit="D")
    for column in ("disputed_on", "dispute_resolved_on"):
        if column in invoices.columns:
            later = invoices[column] >= day
            invoices.loc[later, column] = invoices.loc[later, column] + pd.Timedelta(days=3)
            unknown = invoices[column].isna() & (invoices["issue_date"] < day)
            invoices.loc[unknown, column] = day + pd.Timedelta(days=1)
    promises = history.promises.copy()
    if len(promises):
        # A promise whose date has not come yet has no outcome at `day`: any status must do.
        undecided = promises["promised_date"] >= day
        promises.loc[undecided, "status"] = rng.choice(["pending", "kept", "broken"], undecided.sum())
        made_later = promises["recorded_on"] >= day
        promises.loc[made_later, "promised_date"] = promises.loc[made_later, "promised_date"] - pd.Timedelta(days=30)
    comms = history.communications.copy()
    if len(comms):
        later = comms["at"] >= day
        comms.loc[later, "direction"] = np.where(comms.loc[later, "direction"] == "inbound", "outbound", "inbound")
    return History(invoices, promises, comms)


@pytest.mark.parametrize("extras", [False, True], ids=["csv-like", "ledger-like"])
def test_features_ignore_every_outcome_on_or_after_the_scoring_day(extras: bool) -> None:
    history = synthetic_history(customers=12, invoices_per_customer=18, seed=3, extras=extras)
    rng = np.random.default_rng(7)
    targets = history.invoices.sample(40, random_state=1)
    before = build_features(history, targets, scoring_days=targets["issue_date"], params=PARAMS)
    for index, target in targets.iterrows():
        day = target["issue_date"]
        rewritten = _rewrite_the_future(history, day, rng)
        after = build_features(
            rewritten, targets.loc[[index]], scoring_days=targets.loc[[index], "issue_date"], params=PARAMS
        )
        pd.testing.assert_series_equal(before.loc[index], after.loc[index], check_names=False)


def test_rewriting_the_past_does_change_features() -> None:
    """The leakage test above would pass vacuously if features ignored history altogether."""
    history = synthetic_history(customers=5, invoices_per_customer=15, seed=4)
    invoices = history.invoices
    target = invoices[invoices["customer_id"] == "C000"].iloc[[-1]]
    day = target["issue_date"].iloc[0]
    earlier = (invoices["customer_id"] == "C000") & (invoices["settled_date"] < day)
    late_everywhere = invoices.copy()
    late_everywhere.loc[earlier, "settled_date"] = late_everywhere.loc[earlier, "due_date"] + pd.Timedelta(days=1)
    before = build_features(history, target, scoring_days=target["issue_date"])
    after = build_features(history.with_invoices(late_everywhere), target, scoring_days=target["issue_date"])
    assert after["late_rate"].iloc[0] > before["late_rate"].iloc[0]
    assert after["comparable_late_share"].iloc[0] > before["comparable_late_share"].iloc[0]


def _frame(rows: list[tuple[str, str, str, str | None]]) -> History:
    """Invoices of one customer from (id, issue, due, settled) tuples, amount 100 each."""
    return History(
        pd.DataFrame(
            [
                {
                    "customer_id": "A",
                    "invoice_id": i,
                    "issue_date": iss,
                    "due_date": due,
                    "amount": 100.0,
                    "settled_date": s,
                }
                for i, iss, due, s in rows
            ]
        )
    )


def test_an_open_invoice_past_due_counts_as_late_before_it_settles() -> None:
    history = _frame(
        [
            ("1", "2024-01-01", "2024-01-31", "2024-01-20"),
            ("2", "2024-02-01", "2024-03-02", None),  # still open, due date passed by 2024-03-20
            ("3", "2024-03-20", "2024-04-19", None),
        ]
    )
    target = history.invoices[history.invoices["invoice_id"] == "3"]
    features = build_features(history, target, scoring_days=target["issue_date"]).iloc[0]
    assert features["overdue_count"] == 1
    assert features["max_days_overdue"] == (dt.date(2024, 3, 20) - dt.date(2024, 3, 2)).days
    assert features["n_settled"] == 1
    assert features["known_late_rate"] > features["late_rate"]


def test_a_settlement_on_the_scoring_day_itself_is_not_known_yet() -> None:
    history = _frame(
        [
            ("1", "2024-01-01", "2024-01-31", "2024-03-01"),  # late, settled the day invoice 2 is issued
            ("2", "2024-03-01", "2024-03-31", None),
        ]
    )
    target = history.invoices[history.invoices["invoice_id"] == "2"]
    features = build_features(history, target, scoring_days=target["issue_date"]).iloc[0]
    assert features["n_settled"] == 0
    assert features["overdue_count"] == 1  # what *is* known: it was open and past due


def test_smoothed_rate_pulls_thin_records_toward_the_portfolio() -> None:
    assert smoothed_rate(1, 1, 0.3) == pytest.approx((1 + 5 * 0.3) / 6)
    assert smoothed_rate(0, 0, 0.3) == pytest.approx(0.3)
    assert smoothed_rate(80, 100, 0.3) == pytest.approx(0.7762, abs=1e-3)


def test_optional_feature_groups_follow_the_source() -> None:
    plain = synthetic_history(customers=3, invoices_per_customer=5, seed=1)
    rich = synthetic_history(customers=3, invoices_per_customer=5, seed=1, extras=True)
    assert "promises_broken" not in feature_names(plain)
    assert {"promises_broken", "reply_rate", "open_disputes"} <= set(feature_names(rich))
