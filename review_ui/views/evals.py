"""The latest eval runs: tone and factual accuracy of drafts on the scenario datasets."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import badge, when


def _flat(summary: dict[str, object]) -> dict[str, object]:
    return {k: (json.dumps(v) if isinstance(v, dict | list) else v) for k, v in summary.items()}


def evals_page() -> None:
    """Eval runs, newest first, with their headline scores."""
    session.require_role("manager", "admin", "auditor")
    api, tz = session.client(), session.timezone()
    st.title("Eval runs")
    try:
        runs = api.evals()
    except ApiError as error:
        session.fail(error)
        return
    if not runs:
        st.info("No eval runs recorded yet; they appear here once the eval runner records one.")
        return
    rows = [{"Run": r.id, "Started": when(r.started_at, tz), "Dataset": r.dataset, "Drafter": r.drafter,
             "Result": "passed" if r.passed else "below threshold"} | _flat(r.summary) for r in runs]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    chosen = st.selectbox("Open a report", [r.id for r in runs], format_func=lambda i: f"Run #{i}")
    try:
        run = api.eval_run(chosen)
    except ApiError as error:
        session.fail(error)
        return
    st.markdown(f"Run #{run.id} {badge('passed' if run.passed else 'failed', 'green' if run.passed else 'red')}")
    st.json(run.report or run.summary, expanded=1)
