"""The review queue: drafts in priority order, filters, counts by status, open one, bulk approve."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from review_ui import session
from review_ui.client import ApiError
from review_ui.formatting import CSS_COLOURS, badge, checks_summary, label, money, summary_style, when
from review_ui.models import Draft

STATUSES = ["pending_review", "snoozed", "blocked", "approved", "sent", "send_failed", "rejected", "superseded",
            "skipped"]
TIERS = ["pre_due", "T1", "T2", "T3", "T4", "T5"]
SEGMENTS = ["standard", "strategic", "small_business", "high_risk", "government"]


def bulk_eligible(draft: Draft, policy: dict[str, Any]) -> bool:
    """Whether the bulk-approve rule lets this draft through (the API decides; this only guides the eye)."""
    max_tier = policy.get("max_tier", "T2")
    return (draft.status == "pending_review" and not draft.needs_manager_approval
            and draft.tier in TIERS[: TIERS.index(max_tier) + 1]
            and draft.confidence >= float(policy.get("min_confidence", 1))
            and draft.action in policy.get("actions", [])
            and all(c.passed or c.severity != "hard" for c in draft.checks))


def _filters(email: str) -> dict[str, Any]:
    cols = st.columns([2, 1.2, 1.6, 1.6, 1.2, 1])
    status = cols[0].multiselect("Status", STATUSES, default=["pending_review"], format_func=label)
    tier = cols[1].multiselect("Tier", TIERS)
    action = cols[2].text_input("Action", placeholder="e.g. send_reminder")
    segment = cols[3].multiselect("Segment", SEGMENTS, format_func=label)
    min_confidence = cols[4].slider("Min confidence", 0.0, 1.0, 0.0, 0.05)
    mine = cols[5].toggle("Mine only")
    return {"status": status, "tier": tier, "action": [action.strip()] if action.strip() else None,
            "segment": segment, "min_confidence": min_confidence or None, "assignee": email if mine else None,
            "limit": 200}


def _table(drafts: list[Draft], policy: dict[str, Any], tz: str) -> Styler:
    table = pd.DataFrame([{
        "#": d.id, "Customer": d.customer_name, "Tier": d.tier or "—", "Action": label(d.action),
        "Amount": money(d.total_due, d.currency), "Confidence": d.confidence, "Checks": checks_summary(d.checks),
        "Manager": "needed" if d.needs_manager_approval else "", "Bulk": "yes" if bulk_eligible(d, policy) else "",
        "Status": label(d.status), "Assignee": d.assignee or "", "Created": when(d.created_at, tz, short=True),
    } for d in drafts])
    if not table["Assignee"].any():
        table = table.drop(columns=["Assignee"])
    return table.style.map(summary_style, subset=["Checks", "Status"]).map(
        lambda v: f"color: {CSS_COLOURS['orange']}; font-weight: 600" if v else "", subset=["Manager"])


COLUMNS = {
    "#": st.column_config.NumberColumn(width="small"),
    "Confidence": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent", width="small",
                                                  color="auto"),
    "Bulk": st.column_config.TextColumn(help="eligible for bulk approval under the current rules", width="small"),
}


def _bulk_approve(ids: list[int]) -> None:
    try:
        result = session.client().bulk_approve(ids)
    except ApiError as error:
        session.fail(error)
        return
    session.flash("success" if result.approved else "warning",
                  f"Bulk approval: {result.approved} approved, {result.refused} refused.")
    for r in result.results:
        if not r.approved:
            session.flash("warning", f"Draft #{r.draft_id} refused: {r.reason or r.outcome}")
    st.rerun()


def queue_page() -> None:
    """Drafts waiting for review, highest priority first."""
    user = session.require_role(*session.EVERYONE)
    api = session.client()
    st.title("Review queue")
    session.show_flash()
    filters = _filters(user.email)
    try:
        queue = api.drafts(**filters)
        policy = api.rules().rules.get("bulk_approve", {})
    except ApiError as error:
        session.fail(error)
        return
    st.markdown("  ".join(f"{badge(status)} **{n}**" for status, n in sorted(queue.counts.items())) or "No drafts.")
    if not queue.items:
        st.info("Nothing matches these filters.")
        return
    st.caption(f"{queue.total} drafts match; showing {len(queue.items)} in priority order.")
    st.dataframe(_table(queue.items, policy, session.timezone()), hide_index=True, column_config=COLUMNS)
    names = {d.id: f"#{d.id} {d.customer_name} · {d.tier or 'no tier'} · {label(d.action)} · "
                   f"{money(d.total_due, d.currency)}" for d in queue.items}
    pick, go, bulk = st.columns([3, 1, 2], vertical_alignment="bottom")
    chosen = pick.selectbox("Open a draft (top priority first)", list(names), format_func=lambda i: names[i],
                            key="open_draft")
    if go.button("Open draft", type="primary", icon=":material/play_arrow:") and chosen is not None:
        session.open_page("draft", draft_id=chosen)
    eligible = [d.id for d in queue.items if bulk_eligible(d, policy)]
    if user.role in session.REVIEWERS and bulk.button(f"Bulk-approve the {len(eligible)} eligible",
                                                      disabled=not eligible, help="drafts marked 'yes' under Bulk"):
        _bulk_approve(eligible)
