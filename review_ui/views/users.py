"""Users (admins): who can sign in, with which role; add and deactivate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import when

ROLES = ["collector", "manager", "auditor", "admin"]


def users_page() -> None:
    """Everyone who can sign in; add a user; deactivate one."""
    me = session.require_role("admin")
    api, tz = session.client(), session.timezone()
    st.title("Users")
    session.show_flash()
    try:
        users = api.users()
    except ApiError as error:
        session.fail(error)
        return
    rows = [{"Email": u.email, "Name": u.name, "Role": u.role, "Time zone": u.timezone,
             "Active": "yes" if u.active else "deactivated", "Created": when(u.created_at, tz)} for u in users]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    with st.form("add_user", clear_on_submit=True):
        st.markdown("**Add a user**")
        cols = st.columns(5)
        email, name = cols[0].text_input("Email"), cols[1].text_input("Name")
        role, timezone = cols[2].selectbox("Role", ROLES), cols[3].text_input("Time zone", "UTC")
        password = cols[4].text_input("Password", type="password")
        if st.form_submit_button("Add user"):
            try:
                user = api.create_user(email=email, name=name, role=role, password=password, timezone=timezone)
                session.flash("success", f"{user.email} can now sign in as {user.role}.")
                st.rerun()
            except ApiError as error:
                session.fail(error)
    active = [u for u in users if u.active and u.id != me.id]
    if active:
        chosen = st.selectbox("Deactivate", [u.id for u in active], index=None, placeholder="choose a user",
                              format_func=lambda i: next(u.email for u in active if u.id == i))
        if st.button("Deactivate user", icon=":material/person_off:", disabled=chosen is None) and chosen:
            try:
                api.deactivate_user(chosen)
                session.flash("success", "User deactivated; their sessions end at once.")
                st.rerun()
            except ApiError as error:
                session.fail(error)
