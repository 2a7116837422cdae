"""Sending a reviewer's decision and telling them what came of it, then moving on to the next draft."""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_ui import session
from review_ui.client import ApiClient, ApiError
from review_ui.formatting import label
from review_ui.models import DecisionOutcome

STAY_ON_DRAFT = {"blocked", "edited"}  # the draft still waits for this reviewer


def announce(outcome: DecisionOutcome, recipient: str | None) -> None:
    """Queue a message saying what the decision did, for the page shown next."""
    number = f"Draft #{outcome.draft_id}"
    if outcome.outcome == "sent":
        session.flash("success", f"{number} sent to {recipient or 'the recipient'}.")
    elif outcome.outcome in ("scheduled", "approved"):
        session.flash("success", f"{number} approved; it will be sent in the customer's sending hours.")
    elif outcome.outcome == "blocked":
        failing = "; ".join(f"{label(c.rule)}: {c.detail}" for c in outcome.failing_checks)
        session.flash("error", f"{number} blocked, nothing was sent. Failing checks: {failing or outcome.message}")
    elif outcome.outcome == "superseded":
        newer = f" New draft #{outcome.new_draft_id}." if outcome.new_draft_id else ""
        session.flash("warning", f"{number} superseded: {outcome.message}.{newer}")
    elif outcome.outcome == "edited":
        session.flash("success", f"{number}: edit saved and checks re-run.")
    elif outcome.outcome == "send_failed":
        session.flash("error", f"{number} approved but sending failed; it will be retried. {outcome.message}")
    else:
        session.flash("info", f"{number} {outcome.outcome}. {outcome.message}".strip())


def next_draft_id(api: ApiClient, *, after: int) -> int | None:
    """The highest-priority draft still waiting, other than the one just decided."""
    waiting = api.drafts(status=["pending_review"], limit=5).items
    return next((d.id for d in waiting if d.id != after), None)


def decide(api: ApiClient, draft_id: int, kind: str, recipient: str | None, **fields: Any) -> None:
    """Send the decision; on success show the outcome and move on (or stay when the draft still waits)."""
    try:
        outcome = api.decide(draft_id, kind, **fields)
    except ApiError as error:
        session.fail(error)
        return
    announce(outcome, recipient)
    if outcome.outcome not in STAY_ON_DRAFT:
        st.session_state["draft_id"] = next_draft_id(api, after=draft_id)
    st.rerun()
