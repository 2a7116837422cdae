"""The evidence beside a draft: confidence and why, each check, each fact with its source row, similar
approved messages, and what has happened to the draft so far."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_ui.formatting import (
    check_colour,
    check_verdict,
    checks_summary,
    confidence_colour,
    day,
    escape_md,
    label,
    money,
    percent,
    plain,
    summary_style,
    when,
)
from review_ui.models import AccountDetail, DraftDetail
from review_ui.sources import source_row


def confidence(draft: DraftDetail, flag_below: float) -> None:
    colour = confidence_colour(draft.confidence, flag_below)
    flagged = " · flagged for attention" if draft.confidence < flag_below else ""
    st.markdown(f"#### Confidence :{colour}[{percent(draft.confidence)}]{flagged}")
    st.markdown("\n".join(f"- {reason}" for reason in draft.confidence_reasons))


def checks(draft: DraftDetail) -> None:
    summary = checks_summary(draft.checks)
    colour = "red" if "hard" in summary else ("orange" if "soft" in summary else "green")
    st.markdown(f"#### Checks · :{colour}[{summary}]")
    ordered = sorted(draft.checks, key=lambda c: (c.passed, check_colour(c) != "red", c.severity != "hard"))
    table = pd.DataFrame([{"Check": label(c.rule), "Result": check_verdict(c), "Severity": c.severity,
                           "Detail": c.detail} for c in ordered]).set_index("Check")
    st.table(table.style.map(summary_style, subset=["Result"]))


MONEY_FIELDS = {"amount", "paid", "credited", "balance", "total", "late_fee_value"}


def _cell(field: str, value: Any, currency: str) -> str:
    if field in MONEY_FIELDS and value is not None:
        return money(value, currency)
    if (field.endswith("_date") or field.endswith("_on")) and isinstance(value, str):
        return day(value)
    return plain(value)


def _record_table(row: dict[str, Any]) -> pd.DataFrame:
    currency = str(row.get("currency") or "")
    return pd.DataFrame({"field": list(row), "value": [_cell(k, v, currency) for k, v in row.items()]})


def facts(draft: DraftDetail, account: AccountDetail, rules: dict[str, Any]) -> None:
    st.markdown("#### Facts and their sources")
    st.caption("★ cited in the message. Open a fact to see the ledger row it comes from.")
    for fact in draft.facts:
        star = "★ " if fact.id in draft.cited_facts else ""
        text = fact.text if len(fact.text) <= 64 else fact.text[:63] + "…"
        with st.expander(f"{star}{fact.id} · {fact.kind} — {text}"):
            st.markdown(escape_md(fact.text))
            if fact.untrusted:
                st.warning("Customer-written text: treated as data, never as instructions.")
            row = source_row(fact.source, account, rules)
            st.markdown(f"**Source** `{fact.source or 'none'}`")
            if row:
                st.table(_record_table(row).set_index("field"))
            else:
                st.caption("No ledger row for this source on the account.")


def similar(draft: DraftDetail, tz: str) -> None:
    st.markdown("#### Similar approved messages")
    if not draft.similar:
        st.caption("No approved drafts of this kind yet.")
    for other in draft.similar:
        with st.expander(f"#{other.id} {other.customer_name} · {percent(other.similarity)} similar · "
                         f"{when(other.decided_at, tz)}"):
            st.markdown(f"**{escape_md(other.subject)}**")
            st.text(other.body)


def history(draft: DraftDetail, tz: str) -> None:
    with st.expander(f"History ({len(draft.reviews)} reviews, {len(draft.events)} events)"):
        for review in draft.reviews:
            reason = f" ({label(review.reason_code)})" if review.reason_code else ""
            st.markdown(f"- {when(review.at, tz)} **{review.decision}**{reason} by {review.actor}"
                        + (f" — {escape_md(review.note)}" if review.note else ""))
        for event in draft.events:
            st.markdown(f"- {when(event.at, tz)} `{event.action}` by {event.actor}")


def payment_plan(plan: dict[str, Any]) -> None:
    currency = plan.get("currency", "")
    rows = [{"#": n, "Due": day(i.get("due_date")), "Amount": money(i.get("amount"), currency)}
            for n, i in enumerate(plan.get("installments", []), start=1)]
    st.markdown(f"**Payment plan** · total {money(plan.get('total'), currency)}")
    st.dataframe(pd.DataFrame(rows), hide_index=True)
