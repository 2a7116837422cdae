"""The evidence beside a draft: confidence and why, each check, each fact with its source row, similar
approved messages, and what has happened to the draft so far."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_ui.formatting import (
    check_colour,
    check_icon,
    confidence_colour,
    day,
    escape_md,
    label,
    money,
    percent,
    plain,
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
    st.markdown("#### Checks")
    ordered = sorted(draft.checks, key=lambda c: (c.passed, c.severity != "hard"))
    for check in ordered:
        verdict = "pass" if check.passed else "FAIL"
        st.markdown(f"{check_icon(check)} :{check_colour(check)}[**{label(check.rule)}** · {verdict}] "
                    f":gray-badge[{check.severity}] :gray[{escape_md(check.detail)}]")


def _record_table(row: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({"field": list(row), "value": [plain(v) for v in row.values()]})


def facts(draft: DraftDetail, account: AccountDetail, rules: dict[str, Any]) -> None:
    st.markdown("#### Facts and their sources")
    st.caption("★ cited in the message. Open a fact to see the ledger row it comes from.")
    for fact in draft.facts:
        star = "★ " if fact.id in draft.cited_facts else ""
        with st.expander(f"{star}{fact.id} · {fact.kind} — {fact.text[:90]}"):
            st.markdown(escape_md(fact.text))
            if fact.untrusted:
                st.warning("Customer-written text: treated as data, never as instructions.")
            row = source_row(fact.source, account, rules)
            st.markdown(f"**Source** `{fact.source or 'none'}`")
            if row:
                st.dataframe(_record_table(row), hide_index=True, width="stretch")
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
