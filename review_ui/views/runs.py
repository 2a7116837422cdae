"""Agent runs: start planning and drafting across the portfolio, and watch its progress."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import badge, when, zone


@st.fragment(run_every=2)
def _progress() -> None:
    try:
        runs = session.client().runs(limit=10)
    except ApiError as error:
        st.error(error.message)
        return
    tz = session.timezone()
    if not runs:
        st.caption("No runs yet.")
    for run in runs:
        status = run.status.split(":")[0]
        st.markdown(f"Run #{run.id} {badge(status)} as of {when(run.as_of, tz)} · started {when(run.started_at, tz)}"
                    f" by {run.started_by}" + (f" · finished {when(run.finished_at, tz)}" if run.finished_at else ""))
        st.progress(min(max(run.progress, 0.0), 1.0), text=f"{run.done} of {run.total} accounts"
                    + (" · " + ", ".join(f"{k}: {v}" for k, v in run.summary.items()) if run.summary else ""))


def runs_page() -> None:
    """Start an agent run and follow it."""
    session.require_role(*session.MANAGERS)
    st.title("Agent runs")
    session.show_flash()
    with st.form("start_run"):
        st.markdown("Plan and draft every account as of a moment (leave empty for now).")
        as_of_day = st.date_input("As of date", value=None)
        if st.form_submit_button("Start a run", type="primary", icon=":material/play_arrow:"):
            as_of = dt.datetime.combine(as_of_day, dt.time(9), tzinfo=zone(session.timezone())) if as_of_day else None
            try:
                run_id = session.client().start_run(as_of)
                st.success(f"Run #{run_id} started.")
            except ApiError as error:
                session.fail(error)
    _progress()
