"""Sign in: email and password for a token kept in this browser session."""

from __future__ import annotations

import streamlit as st

from review_ui import session
from review_ui.client import ApiError


def login_page() -> None:
    """Sign in with email and password."""
    st.title("AR Copilot")
    st.caption("Collections review: every message is checked, cited and approved by a person.")
    session.show_flash()
    with st.form("login"):
        email = st.text_input("Email")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            token = session.client().login(email.strip(), password)
        except ApiError as error:
            st.error(f"Sign-in failed: {error.message}")
            return
        session.sign_in(token)
        st.rerun()
