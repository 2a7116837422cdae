"""One account: ledger, aging buckets, a timeline of contacts, promises and disputes; record what happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiClient, ApiError
from review_ui.formatting import AGING_LABELS, CSS_COLOURS, badge, day, escape_md, label, money, today, when
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


def _promises_and_disputes(api: ApiClient, detail: AccountDetail, currency: str, can_write: bool) -> None:
    promises = [{"Promised for": day(p["promised_date"]), "Amount": money(p["amount"], currency),
                 "Status": p["status"], "Invoices": ", ".join(p["invoice_numbers"]), "By": p.get("made_by") or ""}
                for p in detail.account.promises]
    st.markdown("**Promises to pay**")
    _table(promises)
    st.markdown("**Disputes**")
    for d in detail.account.disputes:
        st.markdown(f"{badge(d['status'])} **{d['invoice']}** opened {day(d['opened_on'])}: {escape_md(d['reason'])}"
                    + (f" · owner {d['owner_email']}" if d.get("owner_email") else ""))
        if can_write and d["status"] == "open":
            with st.form(f"resolve_{d['id']}"):
                resolution = st.text_input("Resolution")
                if st.form_submit_button("Resolve dispute"):
                    _save(partial(api.resolve_dispute, d["id"], resolution), "Dispute resolved.")
    if not detail.account.disputes:
        st.caption("None.")


def _table(rows: list[dict[str, Any]]) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.caption("None.")


def _save(call: Callable[[], object], done: str) -> None:
    try:
        call()
    except ApiError as error:
        session.fail(error)
        return
    session.flash("success", done)
    st.rerun()


def _record(api: ApiClient, customer_id: int, open_invoices: list[str]) -> None:
    call_col, promise_col, dispute_col = st.columns(3)
    with call_col.form("log_call", clear_on_submit=True):
        st.markdown("**Log a call**")
        direction = st.radio("Direction", ["outbound", "inbound"], horizontal=True)
        contact = st.text_input("Spoke with")
        summary = st.text_area("What was said")
        if st.form_submit_button("Log call"):
            _save(lambda: api.log_call(customer_id, direction=direction, summary=summary,
                                       contact=contact or None), "Call logged.")
    with promise_col.form("record_promise", clear_on_submit=True):
        st.markdown("**Record a promise to pay**")
        amount = st.number_input("Amount", min_value=0.0, step=100.0, format="%.2f")
        promised = st.date_input("Promised for", today(session.timezone()) + dt.timedelta(days=7))
        invoices = st.multiselect("Invoices", open_invoices)
        made_by = st.text_input("Promised by")
        if st.form_submit_button("Record promise"):
            _save(lambda: api.record_promise(customer_id, amount=Decimal(f"{amount:.2f}"), promised_date=promised,
                                             invoice_numbers=invoices, made_by=made_by or None), "Promise recorded.")
    with dispute_col.form("open_dispute", clear_on_submit=True):
        st.markdown("**Open a dispute**")
        invoice = st.selectbox("Invoice", open_invoices)
        reason = st.text_area("Reason")
        owner = st.text_input("Owner email (optional)")
        if st.form_submit_button("Open dispute"):
            _save(lambda: api.open_dispute(customer_id, invoice_number=invoice, reason=reason,
                                           owner_email=owner or None), "Dispute opened.")


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
        _promises_and_disputes(api, detail, currency, user.role in session.REVIEWERS)
    with tabs[3]:
        if user.role in session.REVIEWERS:
            _record(api, chosen, [i["number"] for i in detail.account.invoices if Decimal(i["balance"]) > 0])
        else:
            st.caption("Read-only: your role can see accounts but not record on them.")
