"""One draft: the message, editable, beside its evidence; approve, save an edit, reject, snooze, reassign."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from review_ui import evidence, session
from review_ui.client import ApiClient, ApiError
from review_ui.decisions import decide
from review_ui.formatting import badge, label, money, tier_badge, today, when, zone
from review_ui.models import DraftDetail, User


def _chosen_draft(api: ApiClient) -> int | None:
    if "draft_id" in st.session_state:
        return st.session_state["draft_id"]  # type: ignore[no-any-return]
    if str(st.query_params.get("id", "")).isdigit():
        return int(st.query_params["id"])
    waiting = api.drafts(status=["pending_review"], limit=1).items
    return waiting[0].id if waiting else None


def _header(draft: DraftDetail, tz: str) -> None:
    st.title(f"{draft.customer_name}")
    st.markdown(f"Draft #{draft.id} {badge(draft.status)} {tier_badge(draft.tier)} "
                f":gray-badge[{label(draft.action)}] :gray-badge[{label(draft.segment)}] · "
                f"**{money(draft.total_due, draft.currency)}** due · created {when(draft.created_at, tz)}"
                + (f" · assigned to {draft.assignee}" if draft.assignee else ""))
    if draft.needs_manager_approval:
        st.warning("Needs a manager's approval before it can be sent.", icon=":material/supervisor_account:")
    if draft.skip_reason:
        st.info(f"Skipped: {draft.skip_reason}")


def _message(draft: DraftDetail, editable: bool) -> tuple[str, str]:
    st.markdown(f"**To** {draft.recipient or draft.internal_recipient or '—'} · **Channel** {draft.channel or '—'}")
    subject = st.text_input("Subject", draft.subject, key=f"subject_{draft.id}", disabled=not editable)
    body = st.text_area("Body", draft.body, height=420, key=f"body_{draft.id}", disabled=not editable)
    if draft.payment_plan:
        evidence.payment_plan(draft.payment_plan)
    return subject, body


def _actions(api: ApiClient, draft: DraftDetail, user: User, subject: str, body: str) -> None:
    edits = {k: v for k, v in (("subject", subject), ("body", body)) if v != getattr(draft, k)}
    failing_hard = [c for c in draft.checks if not c.passed and c.severity == "hard" and c.rule != "manager_approval"]
    override = None
    if failing_hard and user.role in session.MANAGERS:
        override = st.text_input("Override reason (managers: send despite failing hard checks)") or None
    left, right = st.columns(2)
    if left.button("Approve and send", type="primary", icon=":material/send:", key="approve"):
        decide(api, draft.id, "approve", draft.recipient, override_reason=override, **edits)
    if right.button("Save edit", icon=":material/save:", disabled=not edits, key="save_edit"):
        decide(api, draft.id, "edit", draft.recipient, **edits)
    with st.expander("Reject, snooze or reassign"):
        reasons = st.session_state.setdefault("reject_reasons", api.reject_reasons())
        reason = st.selectbox("Reject reason", reasons, format_func=label, key="reject_reason")
        note = st.text_input("Note (optional)", key="reject_note")
        if st.button("Reject", icon=":material/block:", key="reject"):
            decide(api, draft.id, "reject", draft.recipient, reason_code=reason, note=note or None)
        until = st.date_input("Snooze until", today(session.timezone()) + dt.timedelta(days=3), key="snooze_until")
        if st.button("Snooze", icon=":material/snooze:", key="snooze"):
            start = dt.datetime.combine(until, dt.time(9), tzinfo=zone(session.timezone()))
            decide(api, draft.id, "snooze", draft.recipient, snooze_until=start)
        assignee = st.text_input("Reassign to (email)", draft.assignee or "", key=f"assignee_{draft.id}")
        if st.button("Reassign", icon=":material/person_add:", key="reassign"):
            try:
                api.reassign(draft.id, assignee.strip())
                session.flash("success", f"Draft #{draft.id} reassigned to {assignee.strip()}.")
                st.rerun()
            except ApiError as error:
                session.fail(error)


def draft_page() -> None:
    """The draft and its evidence, side by side."""
    user = session.require_role(*session.EVERYONE)
    api = session.client()
    try:
        draft_id = _chosen_draft(api)
        if draft_id is None:
            st.title("Draft")
            session.show_flash()
            st.info("No draft is waiting for review.")
            return
        draft = api.draft(draft_id)
        account = api.account(draft.customer_id)
        rules = api.rules().rules
    except ApiError as error:
        session.fail(error)
        return
    st.query_params["id"] = str(draft.id)
    tz = session.timezone()
    _header(draft, tz)
    session.show_flash()
    editable = draft.status == "pending_review" and user.role in session.REVIEWERS
    message_col, evidence_col = st.columns([1, 1], gap="large")
    with message_col:
        subject, body = _message(draft, editable)
        if editable:
            _actions(api, draft, user, subject, body)
        elif user.role not in session.REVIEWERS:
            st.caption("Read-only: your role can see drafts but not decide on them.")
        if st.button("Open the account", icon=":material/account_balance:"):
            session.open_page("account", customer_id=draft.customer_id)
    with evidence_col:
        evidence.confidence(draft, float(rules.get("confidence_flag_below", 0.6)))
        evidence.checks(draft)
        evidence.facts(draft, account, rules)
        evidence.similar(draft, tz)
        evidence.history(draft, tz)
