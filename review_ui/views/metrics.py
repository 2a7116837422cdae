"""Portfolio metrics: aging over time, DSO, collections after contact, queue throughput, review quality."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import AGING_LABELS, label, money, percent
from review_ui.models import Metrics

BUCKET_COLOURS = ["#9e9e9e", "#64b5f6", "#ffb74d", "#e57373", "#8e24aa"]  # current → over 90: calm to alarming


def _aging_chart(m: Metrics) -> None:
    rows = [{"month": s.month_end.strftime("%Y-%m"), "bucket": name, "order": i,
             "amount": float(getattr(s.buckets, key))}
            for s in m.aging_history for i, (key, name) in enumerate(AGING_LABELS.items())]
    if not rows:
        st.caption("No history yet.")
        return
    order = list(AGING_LABELS.values())
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("month:N", title=None), y=alt.Y("sum(amount):Q", title="open balance"),
        color=alt.Color("bucket:N", sort=order, scale=alt.Scale(domain=order, range=BUCKET_COLOURS)),
        order=alt.Order("order:Q"), tooltip=["month", "bucket", alt.Tooltip("amount:Q", format=",.2f")])
    st.altair_chart(chart, width="stretch")


def metrics_page() -> None:
    """Charts and headline numbers for managers."""
    session.require_role(*session.MANAGERS)
    try:
        m = session.client().metrics()
    except ApiError as error:
        session.fail(error)
        return
    st.title("Metrics")
    st.caption(f"As of {m.as_of:%b %d, %Y}. Amounts in the ledger's currency.")
    cols = st.columns(5)
    cols[0].metric("Open receivables", money(m.aging_now.total))
    cols[1].metric(f"DSO ({m.dso_window_days} days)", "—" if m.dso_days is None else f"{m.dso_days:.0f} days")
    cols[2].metric("Approved drafts", m.approved_drafts)
    cols[3].metric("Approved without edit", percent(m.approval_without_edit_rate))
    cols[4].metric("Average edit distance", "—" if m.average_edit_distance is None
                   else f"{m.average_edit_distance:.0f} chars")
    left, right = st.columns(2)
    with left:
        st.markdown("**Aging buckets at each month end**")
        _aging_chart(m)
        st.markdown(f"**Collected within {m.collection_window_days} days of contact, by tier**")
        collected = [{"Tier": t.tier, "Sent": t.drafts_sent, "Followed by payment": t.drafts_followed_by_payment,
                      "Collected": money(t.collected), "Rate": percent(t.rate)} for t in m.collected_after_contact]
        if collected:
            st.table(pd.DataFrame(collected).set_index("Tier"))
        else:
            st.caption("No sends yet.")
    with right:
        st.markdown("**Queue throughput per day**")
        throughput = pd.DataFrame([{"day": t.day, "created": t.created, "decided": t.decided} for t in m.throughput])
        if not throughput.empty:
            st.line_chart(throughput, x="day", y=["created", "decided"])
        st.markdown("**Reject reasons**")
        reasons = pd.DataFrame([{"reason": label(k), "drafts": v} for k, v in m.reject_reasons.items()])
        if reasons.empty:
            st.caption("No rejections yet.")
        else:
            st.bar_chart(reasons, x="reason", y="drafts")
        st.markdown("**Drafts by status**")
        st.bar_chart(pd.DataFrame([{"status": label(k), "drafts": v} for k, v in m.status_counts.items()]),
                     x="status", y="drafts")
