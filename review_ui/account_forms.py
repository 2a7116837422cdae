"""What a collector records on an account: calls, promises to pay, disputes and their resolution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial

import streamlit as st

from review_ui import session
from review_ui.client import ApiClient, ApiError
from review_ui.formatting import badge, day, escape_md, today
from review_ui.models import AccountDetail


def save(call: Callable[[], object], done: str) -> None:
    """Make the call; on success say so on the next run, on refusal show the API's message."""
    try:
        call()
    except ApiError as error:
        session.fail(error)
        return
    session.flash("success", done)
    st.rerun()


def record_forms(api: ApiClient, customer_id: int, open_invoices: list[str]) -> None:
    """Log a call, record a promise to pay, open a dispute."""
    call_col, promise_col, dispute_col = st.columns(3)
    with call_col.form("log_call", clear_on_submit=True):
        st.markdown("**Log a call**")
        direction = st.radio("Direction", ["outbound", "inbound"], horizontal=True)
        contact = st.text_input("Spoke with")
        summary = st.text_area("What was said")
        if st.form_submit_button("Log call"):
            save(lambda: api.log_call(customer_id, direction=direction, summary=summary,
                                       contact=contact or None), "Call logged.")
    with promise_col.form("record_promise", clear_on_submit=True):
        st.markdown("**Record a promise to pay**")
        amount = st.number_input("Amount", min_value=0.0, step=100.0, format="%.2f")
        promised = st.date_input("Promised for", today(session.timezone()) + dt.timedelta(days=7))
        invoices = st.multiselect("Invoices", open_invoices)
        made_by = st.text_input("Promised by")
        if st.form_submit_button("Record promise"):
            save(lambda: api.record_promise(customer_id, amount=Decimal(f"{amount:.2f}"), promised_date=promised,
                                             invoice_numbers=invoices, made_by=made_by or None), "Promise recorded.")
    with dispute_col.form("open_dispute", clear_on_submit=True):
        st.markdown("**Open a dispute**")
        invoice = st.selectbox("Invoice", open_invoices)
        reason = st.text_area("Reason")
        owner = st.text_input("Owner email (optional)")
        if st.form_submit_button("Open dispute"):
            save(lambda: api.open_dispute(customer_id, invoice_number=invoice, reason=reason,
                                           owner_email=owner or None), "Dispute opened.")


def disputes(api: ApiClient, detail: AccountDetail, can_write: bool) -> None:
    """Each dispute with its status; an open one can be resolved here."""
    for d in detail.account.disputes:
        st.markdown(f"{badge(d['status'])} **{d['invoice']}** opened {day(d['opened_on'])}: {escape_md(d['reason'])}"
                    + (f" · owner {d['owner_email']}" if d.get("owner_email") else ""))
        if can_write and d["status"] == "open":
            with st.form(f"resolve_{d['id']}"):
                resolution = st.text_input("Resolution")
                if st.form_submit_button("Resolve dispute"):
                    save(partial(api.resolve_dispute, d["id"], resolution), "Dispute resolved.")
    if not detail.account.disputes:
        st.caption("None.")
