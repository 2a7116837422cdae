"""Guardrail rules and cadence: edit, dry-run against the current queue, then save a new version."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_ui import session
from review_ui.client import ApiClient, ApiError
from review_ui.formatting import label, when
from review_ui.models import DryRun
from review_ui.rule_form import rule_form


def _changes_table(result: DryRun) -> pd.DataFrame:
    def arrow(before: object, after: object) -> str:
        return str(before) if before == after else f"{before} → {after}"

    def verdict(passed: bool | None) -> str:
        return "—" if passed is None else ("pass" if passed else "FAIL")

    return pd.DataFrame([{
        "Draft": f"#{c.draft_id}", "Customer": c.customer_name,
        "Action": arrow(label(c.action_before), label(c.action_after)), "Tier": arrow(c.tier_before, c.tier_after),
        "Checks that change": "; ".join(f"{label(k['rule'])}: {verdict(k['before'])} → {verdict(k['after'])}"
                                        f" ({k.get('detail', '')})" for k in c.checks_changed) or "—",
        "Manager approval": arrow(*("needed" if a else "not needed" for a in (c.approval_before, c.approval_after))),
    } for c in result.changes])


def _run(api: ApiClient, call: str, edited: dict[str, Any], note: str | None = None) -> None:
    """Dry-run or save; a 422 is kept by field so the next run shows it under the inputs."""
    try:
        if call == "dry_run":
            st.session_state["dry_run"] = (edited, api.dry_run(edited))
        else:
            saved = api.save_rules(edited, note)
            st.session_state.pop("dry_run", None)
            session.flash("success", f"Saved rule set version {saved.version}; "
                                     f"{saved.rechecked_drafts} waiting drafts re-checked.")
        st.session_state["rule_errors"] = {}
    except ApiError as error:
        if error.status != 422:
            session.fail(error)
            return
        st.session_state["rule_errors"] = error.field_errors("body.rules.") or {"rules": error.message}
        st.session_state.pop("dry_run", None)
    st.rerun()


def _versions(api: ApiClient, tz: str) -> None:
    with st.expander("Earlier versions"):
        rows = [{"Version": v.version, "Saved": when(v.created_at, tz), "By": v.created_by, "Note": v.note or ""}
                for v in api.rule_versions()]
        st.dataframe(pd.DataFrame(rows), hide_index=True)


def rules_page() -> None:
    """The rule set in force, an editor, a dry run over the waiting drafts, and save."""
    session.require_role(*session.MANAGERS)
    api, tz = session.client(), session.timezone()
    try:
        current = api.rules()
    except ApiError as error:
        session.fail(error)
        return
    st.title("Guardrail rules")
    st.caption(f"Version {current.version}, saved {when(current.created_at, tz)} by {current.created_by}"
               + (f": {current.note}" if current.note else ""))
    session.show_flash()
    errors: dict[str, str] = st.session_state.get("rule_errors", {})
    for field, message in errors.items():
        if field.split(".")[0] not in current.rules:  # the others show under their input
            st.error(f"{label(field)}: {message}")
    edited = rule_form(current.rules, errors, key_prefix=f"rules_v{current.version}_")
    note = st.text_input("Why this change (kept with the version)")
    dry_run: tuple[dict[str, Any], DryRun] | None = st.session_state.get("dry_run")
    fresh = dry_run is not None and dry_run[0] == edited
    left, right = st.columns(2)
    if left.button("Dry run against the queue", icon=":material/science:", disabled=edited == current.rules):
        _run(api, "dry_run", edited)
    if right.button("Save new version", type="primary", icon=":material/save:", disabled=not fresh):
        _run(api, "save", edited, note or None)
    if edited == current.rules:
        st.caption("No changes yet.")
    elif not fresh:
        st.caption("Run a dry run to see what these changes do to the waiting drafts before saving.")
    if dry_run is not None and fresh:
        result = dry_run[1]
        st.markdown(f"#### Dry run: {result.changed} of {result.checked} waiting drafts would change")
        if result.changes:
            st.table(_changes_table(result).set_index("Draft"))
    _versions(api, tz)
