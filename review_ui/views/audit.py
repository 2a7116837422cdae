"""The audit trail with filters, for auditors and admins."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import when, zone

PAGE_SIZE = 100


def audit_page() -> None:
    """Who did what, when, newest first."""
    session.require_role(*session.AUDITORS)
    st.title("Audit log")
    cols = st.columns(5)
    actor = cols[0].text_input("Actor", placeholder="email or agent")
    action = cols[1].text_input("Action starts with", placeholder="draft.")
    entity_type = cols[2].text_input("Entity type", placeholder="draft, rule_set, …")
    entity_id = cols[3].text_input("Entity id")
    since = cols[4].date_input("Since", value=None)
    page = st.session_state.setdefault("audit_page", 0)
    tz = session.timezone()
    filters = {"actor": actor.strip(), "action": action.strip(), "entity_type": entity_type.strip(),
               "entity_id": entity_id.strip(), "limit": PAGE_SIZE, "offset": page * PAGE_SIZE,
               "since": dt.datetime.combine(since, dt.time(0), tzinfo=zone(tz)) if since else None}
    try:
        result = session.client().audit(**filters)
    except ApiError as error:
        session.fail(error)
        return
    rows = [{"When": when(e.at, tz), "Actor": e.actor, "Action": e.action,
             "Entity": f"{e.entity_type} {e.entity_id or ''}".strip(), "Detail": json.dumps(e.detail, default=str)}
            for e in result.items]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    else:
        st.info("No events match.")
    back, info, more = st.columns([1, 2, 1])
    if back.button("Newer", disabled=page == 0):
        st.session_state["audit_page"] = page - 1
        st.rerun()
    info.caption(f"Page {page + 1}")
    if more.button("Older", disabled=not result.has_more):
        st.session_state["audit_page"] = page + 1
        st.rerun()
