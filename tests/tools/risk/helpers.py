"""A synthetic payment history with known customer behaviour, and a way to write it into the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from tools.models import Customer
from tools.risk.history import History


def synthetic_history(
    *,
    customers: int = 30,
    invoices_per_customer: int = 20,
    seed: int = 0,
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date | None = None,
    extras: bool = False,
) -> History:
    """Customers with their own habitual settle-vs-due days; invoices settling after `end` stay open."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(customers):
        habit = rng.normal(-3.0, 9.0)
        day = pd.Timestamp(start) + pd.Timedelta(days=int(rng.integers(0, 20)))
        paperless = float(rng.random() < 0.4)
        for i in range(invoices_per_customer):
            issue = day
            due = issue + pd.Timedelta(days=30)
            settle_vs_due = int(round(habit + rng.normal(0.0, 5.0)))
            settled = max(due + pd.Timedelta(days=settle_vs_due), issue + pd.Timedelta(days=1))
            disputed = extras and rng.random() < 0.15
            rows.append(
                {
                    "customer_id": f"C{c:03d}",
                    "invoice_id": f"C{c:03d}-{i:03d}",
                    "issue_date": issue,
                    "due_date": due,
                    "amount": float(round(rng.lognormal(7.0, 0.6), 2)),
                    "settled_date": settled,
                    "paperless": paperless,
                    **(
                        {
                            "disputed_on": issue + pd.Timedelta(days=10) if disputed else pd.NaT,
                            "dispute_resolved_on": issue + pd.Timedelta(days=40) if disputed else pd.NaT,
                        }
                        if extras
                        else {}
                    ),
                }
            )
            day = day + pd.Timedelta(days=int(rng.integers(7, 25)))
    frame = pd.DataFrame(rows)
    if end is not None:
        frame.loc[frame["settled_date"] > pd.Timestamp(end), "settled_date"] = pd.NaT
        frame = frame[frame["issue_date"] <= pd.Timestamp(end)]
    if not extras:
        return History(frame)
    return History(frame, _promises(frame, rng), _communications(frame, rng))


def _promises(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    late = frame[frame["settled_date"] > frame["due_date"]].sample(frac=0.3, random_state=int(rng.integers(1 << 30)))
    recorded = late["due_date"] + pd.Timedelta(days=5)
    promised = recorded + pd.Timedelta(days=7)
    status = np.where(late["settled_date"] <= promised, "kept", "broken")
    return pd.DataFrame(
        {
            "customer_id": late["customer_id"],
            "recorded_on": recorded,
            "promised_date": promised,
            "status": status,
        }
    )


def _communications(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    overdue = frame[frame["settled_date"] > frame["due_date"] + pd.Timedelta(days=2)]
    sent = overdue["due_date"] + pd.Timedelta(days=2)
    replied = rng.random(len(overdue)) < 0.5
    rows = [
        {"customer_id": c, "at": at, "direction": "outbound"}
        for c, at in zip(overdue["customer_id"], sent, strict=True)
    ]
    rows += [
        {"customer_id": c, "at": at + pd.Timedelta(days=2), "direction": "inbound"}
        for c, at, r in zip(overdue["customer_id"], sent, replied, strict=True)
        if r
    ]
    frame_out = pd.DataFrame(rows, columns=["customer_id", "at", "direction"])
    frame_out["at"] = pd.to_datetime(frame_out["at"]).dt.tz_localize("UTC")
    return frame_out


def seed_ledger(session: Session, history: History, *, prefix: str = "S") -> dict[str, Customer]:
    """Write a synthetic history into the ledger: one invoice per row, one payment on its settled date."""
    from tests.factories import make_customer, make_invoice, make_payment

    customers: dict[str, Customer] = {}
    for row in history.invoices.itertuples():
        customer = customers.get(row.customer_id)
        if customer is None:
            customer = make_customer(
                session, external_id=f"{prefix}-{row.customer_id}", name=f"{prefix} {row.customer_id}"
            )
            customers[row.customer_id] = customer
        invoice = make_invoice(
            session,
            customer,
            number=f"{prefix}-{row.invoice_id}",
            issue_date=row.issue_date.date(),
            due_date=row.due_date.date(),
            amount=Decimal(str(row.amount)).quantize(Decimal("0.01")),
        )
        if not pd.isna(row.settled_date):
            make_payment(session, invoice, invoice.amount, on=row.settled_date.date())
    return customers
