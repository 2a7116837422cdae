"""One browser session's state: the API client, who is signed in, and messages carried across a rerun."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from review_ui.client import ApiClient, ApiError
from review_ui.models import Token, User

REVIEWERS = ("collector", "manager", "admin")
MANAGERS = ("manager", "admin")
AUDITORS = ("auditor", "admin")
EVERYONE = ("collector", "manager", "admin", "auditor")


def configure(api_url: str) -> None:
    """Remember where the API is (the app entry point reads it from settings once)."""
    st.session_state["api_url"] = api_url


def client() -> ApiClient:
    """A client for the API, signed in as the session's user when there is one."""
    return ApiClient(st.session_state.get("api_url", "http://127.0.0.1:8000"), st.session_state.get("token"))


def sign_in(token: Token) -> None:
    st.session_state["token"] = token.access_token
    st.session_state["user"] = token.user


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        if key != "api_url":
            del st.session_state[key]


def current_user() -> User | None:
    user = st.session_state.get("user")
    return user if isinstance(user, User) else None


def timezone() -> str:
    """The reader's time zone: their profile's, else the browser's, else UTC."""
    user = current_user()
    if user and user.timezone and user.timezone != "UTC":
        return user.timezone
    return st.context.timezone or "UTC"


def require_role(*roles: str) -> User:
    """The signed-in user if their role may see this page; otherwise say so and stop the page."""
    user = current_user()
    if user is None:
        st.warning("Sign in to continue.")
        st.stop()
    if user.role not in roles:
        st.error(f"This page is not available to the {user.role} role.")
        st.stop()
    return user


def flash(kind: str, message: str) -> None:
    """A message for the next page shown (after a rerun or a page switch)."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop("flash", []):
        {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(message)


def fail(error: ApiError) -> None:
    """Show the API's refusal; a lapsed sign-in sends the person back to the sign-in page."""
    if error.status == 401 and current_user() is not None:
        sign_out()
        flash("warning", "Your session ended; please sign in again.")
        st.rerun()
    st.error(error.message)


def open_page(name: str, **state: object) -> NoReturn:
    """Go to a page of the navigation by name, carrying session state (e.g. draft_id)."""
    from review_ui.navigation import page

    st.session_state.update(state)
    st.switch_page(page(name))
