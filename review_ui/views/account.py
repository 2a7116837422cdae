"""One account: ledger, aging buckets, a timeline of contacts, promises and disputes; record what happened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from review_ui import account_forms, session
from review_ui.client import ApiError
from review_ui.formatting import AGING_LABELS, CSS_COLOURS, badge, day, label, money, today, when
from review_ui.models import AccountDetail


def _aging(detail: AccountDetail, currency: str) -> None:
    buckets = detail.aging.model_dump()
    st.markdown("**Aging**")
    st.dataframe(pd.DataFrame([{name: money(buckets[key], currency) for key, name in AGING_LABELS.items()}
                               | {"Total": money(detail.aging.total, currency)}]), hide_index=True)


def _invoice_row(invoice: dict[str, Any], on: dt.date) -> dict[str, Any]:
    currency, is_open = invoice["currency"], Decimal(invoice["balance"]) > 0
    overdue = (on - dt.date.fromisoformat(invoice["due_date"])).days
    return {"Invoice": invoice["number"], "Status": "open" if is_open else "settled",
            "PO": invoice.get("po_number") or "", "Issued": day(invoice["issue_date"]), "Due": day(invoice["due_date"]),
            "Amount": money(invoice["amount"], currency), "Paid": money(invoice["paid"], currency),
            "Credited": money(invoice["credited"], currency), "Balance": money(invoice["balance"], currency),
            "Days past due": max(overdue, 0) if is_open else 0}


def _ledger(detail: AccountDetail, on: dt.date) -> None:
    invoices = pd.DataFrame([_invoice_row(i, on) for i in reversed(detail.account.invoices)])
    st.markdown("**Invoices** (newest first)")
    st.dataframe(invoices.style.map(lambda v: f"color: {CSS_COLOURS['orange']}; font-weight: 600" if v == "open"
                                    else "", subset=["Status"]), hide_index=True)
    payments = [{"Received": day(p["received_on"]), "Amount": money(p["amount"], p["currency"]),
                 "Method": p.get("method") or "", "Applied to": ", ".join(p.get("allocations", {}))}
                for p in reversed(detail.account.payments)]
    st.markdown("**Payments**")
    _table(payments)


def _timeline(detail: AccountDetail, tz: str) -> None:
    rows = [{"When": when(e.at, tz), "What": label(e.kind), "Title": e.title, "Detail": e.detail}
            for e in detail.timeline]
    _table(rows)


def _promises(detail: AccountDetail, currency: str) -> None:
    st.markdown("**Promises to pay**")
    _table([{"Promised for": day(p["promised_date"]), "Amount": money(p["amount"], currency), "Status": p["status"],
             "Invoices": ", ".join(p["invoice_numbers"]), "By": p.get("made_by") or ""}
            for p in detail.account.promises])


def _table(rows: list[dict[str, Any]]) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.caption("None.")


def account_page() -> None:
    """Ledger, aging and timeline of one customer account."""
    user = session.require_role(*session.EVERYONE)
    api = session.client()
    try:
        accounts = api.accounts(limit=500).items
    except ApiError as error:
        session.fail(error)
        return
    st.title("Account")
    session.show_flash()
    if not accounts:
        st.info("No accounts yet.")
        return
    ids = [a.id for a in accounts]
    names = {a.id: f"{a.name} ({a.external_id}) · {money(a.open_balance)} open" for a in accounts}
    wanted = st.session_state.get("customer_id")
    chosen: int = st.selectbox("Customer", ids, index=ids.index(wanted) if wanted in ids else 0,
                               format_func=lambda i: names[i]) or ids[0]
    st.session_state["customer_id"] = chosen
    try:
        detail = api.account(chosen)
    except ApiError as error:
        session.fail(error)
        return
    customer, tz = detail.account.customer, session.timezone()
    currency = detail.account.invoices[0]["currency"] if detail.account.invoices else ""
    st.markdown(f"{badge(customer['segment'], 'gray')} owner **{customer.get('owner_email') or '—'}** · "
                f"customer time zone {customer['timezone']} · open balance "
                f"**{money(detail.open_balance, currency)}**")
    _aging(detail, currency)
    tabs = st.tabs(["Ledger", "Timeline", "Promises and disputes", "Record"])
    with tabs[0]:
        _ledger(detail, today(tz))
    with tabs[1]:
        _timeline(detail, tz)
    with tabs[2]:
        _promises(detail, currency)
        st.markdown("**Disputes**")
        account_forms.disputes(api, detail, user.role in session.REVIEWERS)
    with tabs[3]:
        if user.role in session.REVIEWERS:
            open_invoices = [i["number"] for i in detail.account.invoices if Decimal(i["balance"]) > 0]
            account_forms.record_forms(api, chosen, open_invoices)
        else:
            st.caption("Read-only: your role can see accounts but not record on them.")
