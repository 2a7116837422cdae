"""An editor for a rule set, built from the rules' own values: the API validates, and its 422 messages
are shown under the field they name."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from review_ui.formatting import label

GROUPS = {
    "Contact limits": ["min_days_between_contacts", "max_contacts_per_week", "quiet_hours_start", "quiet_hours_end",
                       "no_weekend_sends"],
    "Wording": ["forbidden_phrases", "legal_phrases", "legal_wording_from_tier", "fees_from_tier", "required_footer"],
    "Approvals": ["manager_approval_balance_over", "manager_approval_tiers", "manager_approval_segments",
                  "confidence_flag_below", "bulk_approve"],
    "Payment plans": ["payment_plan_max_installments", "payment_plan_min_first_payment_pct",
                      "payment_plan_max_term_days", "payment_plan_offer_balance_over"],
    "Cadence": ["cadence", "pre_due_window_days", "pre_due_late_probability", "final_notice_deadline_days",
                "formal_demand_deadline_days", "call_task_segments", "broken_promises_escalate"],
}


def _errors_for(path: str, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        if field == path or field.startswith(path + "."):
            st.error(f"{label(field)}: {message}", icon=":material/error:")


def _cadence(steps: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    edited = st.data_editor(pd.DataFrame(steps), key=key, hide_index=True, num_rows="fixed", column_config={
        "tier": st.column_config.TextColumn(disabled=True),
        "tone": st.column_config.SelectboxColumn(options=["friendly", "neutral", "firm", "formal"]),
    })
    rows: list[dict[str, Any]] = edited.to_dict("records")
    for row in rows:  # an empty to_day (open-ended) comes back as NaN
        for k in ("from_day", "to_day"):
            value = row.get(k)
            row[k] = None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)
    return rows


def _list(value: list[Any], path: str, key: str) -> list[Any]:
    if value and all(isinstance(v, int) for v in value):
        text = st.text_input(label(path), ", ".join(str(v) for v in value), key=key, help="numbers, comma-separated")
        parts = [p.strip() for p in text.split(",") if p.strip()]
        return [int(p) if p.lstrip("-").isdigit() else p for p in parts]
    text = st.text_area(label(path), "\n".join(str(v) for v in value), key=key, help="one per line",
                        height=min(max(len(value), 3), 12) * 24 + 20)
    return [line.strip() for line in text.splitlines() if line.strip()]


def field(path: str, value: Any, errors: dict[str, str], key_prefix: str) -> Any:
    """One rule's input, by the type of its current value; returns the edited value."""
    key = f"{key_prefix}{path}"
    name = label(path.rsplit(".", 1)[-1])
    if path == "cadence":
        result: Any = _cadence(value, key)
    elif isinstance(value, bool):
        result = st.checkbox(name, value, key=key)
    elif isinstance(value, int):
        result = int(st.number_input(name, value=value, step=1, key=key))
    elif isinstance(value, float):
        result = float(st.number_input(name, value=value, step=0.05, format="%.2f", key=key))
    elif isinstance(value, dict):
        with st.container(border=True):
            st.markdown(f"**{name}**")
            result = {k: field(f"{path}.{k}", v, errors, key_prefix) for k, v in value.items()}
    elif isinstance(value, list):
        result = _list(value, path, key)
    elif isinstance(value, str) and len(value) > 40:
        result = st.text_area(name, value, key=key, height=80)
    else:  # short text, money as text, or empty (None)
        text = st.text_input(name, "" if value is None else str(value), key=key)
        result = text if text.strip() else None
    _errors_for(path, errors)
    return result


def rule_form(rules: dict[str, Any], errors: dict[str, str], key_prefix: str) -> dict[str, Any]:
    """Every rule in tabs by topic; returns the edited rule set."""
    grouped = {name for names in GROUPS.values() for name in names}
    groups = {k: v for k, v in (GROUPS | {"Other": [k for k in rules if k not in grouped]}).items() if v}
    edited: dict[str, Any] = {}
    for tab, names in zip(st.tabs(list(groups)), groups.values(), strict=True):
        scalars = [n for n in names if n in rules and not isinstance(rules[n], list | dict)
                   and not (isinstance(rules[n], str) and len(rules[n]) > 40)]
        columns = tab.columns(2)
        for i, name in enumerate(scalars):  # short inputs two abreast, lists and tables full width
            with columns[i % 2]:
                edited[name] = field(name, rules[name], errors, key_prefix)
        for name in names:
            if name in rules and name not in scalars:
                with tab:
                    edited[name] = field(name, rules[name], errors, key_prefix)
    return edited
