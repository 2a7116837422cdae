"""The in-memory payment history every risk function works on, whatever it was loaded from.

`History.invoices` has one row per invoice with the columns in `INVOICE_COLUMNS` (dates as
pandas timestamps, `settled_date` NaT while open) plus any of `OPTIONAL_INVOICE_COLUMNS`.
Promises and communications are optional side tables; a CSV history simply has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

INVOICE_COLUMNS = ("customer_id", "invoice_id", "issue_date", "due_date", "amount", "settled_date")
# Each is known when the invoice is issued, or carries its own date (disputes).
OPTIONAL_INVOICE_COLUMNS = ("paperless", "segment", "disputed_on", "dispute_resolved_on")
PROMISE_COLUMNS = ("customer_id", "recorded_on", "promised_date", "status")
COMMUNICATION_COLUMNS = ("customer_id", "at", "direction")
_DATE_COLUMNS = ("issue_date", "due_date", "settled_date", "disputed_on", "dispute_resolved_on")


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})


@dataclass(frozen=True)
class History:
    """Invoices with their outcomes, and optionally promises and communications."""

    invoices: pd.DataFrame
    promises: pd.DataFrame = field(default_factory=lambda: _empty(PROMISE_COLUMNS))
    communications: pd.DataFrame = field(default_factory=lambda: _empty(COMMUNICATION_COLUMNS))

    def __post_init__(self) -> None:
        object.__setattr__(self, "invoices", normalise_invoices(self.invoices))
        object.__setattr__(self, "promises", _normalise_promises(self.promises))
        object.__setattr__(self, "communications", _normalise_communications(self.communications))

    @property
    def has_promises(self) -> bool:
        """Whether the source records promises to pay at all (a CSV does not)."""
        return len(self.promises) > 0

    @property
    def has_communications(self) -> bool:
        """Whether the source records contacts at all."""
        return len(self.communications) > 0

    def with_invoices(self, invoices: pd.DataFrame) -> History:
        """The same side tables over a different invoice frame."""
        return History(invoices, self.promises, self.communications)


def normalise_invoices(frame: pd.DataFrame) -> pd.DataFrame:
    """Check the required columns and coerce types: string ids, day-precision dates, float amounts."""
    missing = [name for name in INVOICE_COLUMNS if name not in frame.columns]
    if missing:
        raise ValueError(f"history is missing columns: {', '.join(missing)}")
    out = frame.copy()
    out["customer_id"] = out["customer_id"].astype(str)
    out["invoice_id"] = out["invoice_id"].astype(str)
    if out["invoice_id"].duplicated().any():
        raise ValueError("invoice_id must be unique")
    for name in _DATE_COLUMNS:
        if name in out.columns:
            out[name] = pd.to_datetime(out[name]).dt.normalize().astype("datetime64[ns]")
    out["amount"] = out["amount"].astype(float)
    if "paperless" in out.columns:
        out["paperless"] = out["paperless"].astype(float)
    return out.reset_index(drop=True)


def _normalise_promises(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["customer_id"] = out["customer_id"].astype(str)
    for name in ("recorded_on", "promised_date"):
        out[name] = pd.to_datetime(out[name]).astype("datetime64[ns]")
    return out.reset_index(drop=True)


def _normalise_communications(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["customer_id"] = out["customer_id"].astype(str)
    # Timestamps become the calendar day they happened on: features work in whole days.
    at = pd.to_datetime(out["at"], utc=True) if len(out) else pd.to_datetime(out["at"])
    out["at"] = at.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]") if len(out) else at
    return out.reset_index(drop=True)


def late_labels(invoices: pd.DataFrame) -> pd.Series:
    """1 where the invoice was settled after its due date, 0 where on time, NaN while open."""
    settled = invoices["settled_date"]
    late = (settled > invoices["due_date"]).astype(float)
    return late.where(settled.notna())


def days_late(invoices: pd.DataFrame) -> pd.Series:
    """Days between due date and settlement, floored at zero; NaN while open."""
    delta = (invoices["settled_date"] - invoices["due_date"]).dt.days.astype(float)
    return delta.clip(lower=0)


def to_timestamp(day: dt.date | pd.Timestamp) -> pd.Timestamp:
    """A date as a midnight pandas timestamp, the form the frames use."""
    return pd.Timestamp(day).normalize()


def day_number(values: pd.Series) -> np.ndarray:
    """Dates as float days since the epoch, NaN for NaT, so features run on plain numpy arrays."""
    as_ns = values.to_numpy(dtype="datetime64[ns]")
    days: np.ndarray = as_ns.astype("datetime64[D]").astype("int64").astype(float)
    days[np.isnat(as_ns)] = np.nan
    return days
