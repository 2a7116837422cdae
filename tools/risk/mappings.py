"""Column mappings that turn a payment-history CSV into a `History`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tools.risk.history import INVOICE_COLUMNS, OPTIONAL_INVOICE_COLUMNS, History


def load_ibm_ar(path: Path) -> History:
    """IBM's Accounts-Receivable sample: M/D/YYYY dates, CRLF lines, every invoice settled.

    `Disputed` is dropped: the file does not say when the dispute was raised, so it may postdate
    the invoice. `PaperlessBill` is kept: it matches `InvoiceDate >= PaperlessDate` on 99.8% of
    rows, so it is the invoice's own billing channel, known when it is issued. `PaperlessDate`
    itself is dropped because it can lie after the invoice date.
    """
    raw = pd.read_csv(path, dtype={"customerID": str, "invoiceNumber": str, "countryCode": str})

    def parse(column: str) -> pd.Series:
        return pd.to_datetime(raw[column].str.strip(), format="%m/%d/%Y")

    frame = pd.DataFrame(
        {
            "customer_id": raw["customerID"].str.strip(),
            "invoice_id": raw["invoiceNumber"].str.strip(),
            "issue_date": parse("InvoiceDate"),
            "due_date": parse("DueDate"),
            "amount": raw["InvoiceAmount"].astype(float),
            "settled_date": parse("SettledDate"),
            "paperless": (raw["PaperlessBill"].str.strip() == "Electronic").astype(float),
        }
    )
    return History(frame)


def load_canonical_csv(path: Path) -> History:
    """A CSV already in our column names (ISO dates, empty `settled_date` while open)."""
    raw = pd.read_csv(path, dtype={"customer_id": str, "invoice_id": str})
    keep = [c for c in (*INVOICE_COLUMNS, *OPTIONAL_INVOICE_COLUMNS) if c in raw.columns]
    return History(raw[keep])


MAPPINGS: dict[str, Callable[[Path], History]] = {
    "ibm_ar": load_ibm_ar,
    "canonical": load_canonical_csv,
}


def load_history(path: Path, *, mapping: str) -> History:
    """Load a history file through a named mapping."""
    try:
        loader = MAPPINGS[mapping]
    except KeyError:
        raise ValueError(f"unknown mapping {mapping!r}; known: {', '.join(sorted(MAPPINGS))}") from None
    return loader(path)
