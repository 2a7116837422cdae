"""The approvals inbox: drafts that wait for a manager (final notices, large balances, plans past limits)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import badge, checks_summary, label, money, when


def approvals_page() -> None:
    """Drafts waiting for a manager's approval."""
    session.require_role(*session.MANAGERS)
    try:
        inbox = session.client().approvals()
    except ApiError as error:
        session.fail(error)
        return
    st.title("Approvals inbox")
    session.show_flash()
    st.markdown("  ".join(f"{badge(label(kind), 'orange')} **{n}**" for kind, n in inbox.by_kind.items())
                or "Nothing waits for a manager.")
    if not inbox.items:
        return
    tz = session.timezone()
    rows = [{"#": i.draft.id, "Customer": i.draft.customer_name, "Why": ", ".join(label(k) for k in i.kinds),
             "Tier": i.draft.tier or "—", "Action": label(i.draft.action),
             "Amount": money(i.draft.total_due, i.draft.currency), "Confidence": i.draft.confidence,
             "Checks": checks_summary(i.draft.checks), "Created": when(i.draft.created_at, tz)}
            for i in inbox.items]
    st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={
        "Confidence": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent",
                                                                color="auto")})
    ids = [i.draft.id for i in inbox.items]
    names = {i.draft.id: f"#{i.draft.id} {i.draft.customer_name} ({', '.join(map(label, i.kinds))})"
             for i in inbox.items}
    chosen = st.selectbox("Draft", ids, format_func=lambda i: names[i])
    if st.button("Review this draft", type="primary", icon=":material/play_arrow:") and chosen is not None:
        session.open_page("draft", draft_id=chosen)
