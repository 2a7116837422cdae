"""Which pages each role sees. A page a role does not see is not in its navigation at all
(and the page itself, and the API behind it, refuse that role anyway)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from review_ui.views.account import account_page
from review_ui.views.approvals import approvals_page
from review_ui.views.audit import audit_page
from review_ui.views.draft import draft_page
from review_ui.views.evals import evals_page
from review_ui.views.metrics import metrics_page
from review_ui.views.queue import queue_page
from review_ui.views.rules import rules_page
from review_ui.views.runs import runs_page
from review_ui.views.users import users_page


class PageSpec(NamedTuple):
    render: Callable[[], None]
    title: str
    icon: str


PAGES: dict[str, PageSpec] = {
    "queue": PageSpec(queue_page, "Queue", ":material/inbox:"),
    "draft": PageSpec(draft_page, "Draft", ":material/edit_note:"),
    "account": PageSpec(account_page, "Account", ":material/account_balance:"),
    "rules": PageSpec(rules_page, "Rules", ":material/rule:"),
    "approvals": PageSpec(approvals_page, "Approvals", ":material/approval:"),
    "metrics": PageSpec(metrics_page, "Metrics", ":material/monitoring:"),
    "runs": PageSpec(runs_page, "Agent runs", ":material/play_circle:"),
    "audit": PageSpec(audit_page, "Audit log", ":material/policy:"),
    "evals": PageSpec(evals_page, "Evals", ":material/science:"),
    "users": PageSpec(users_page, "Users", ":material/group:"),
}

SECTIONS: dict[str, dict[str, list[str]]] = {
    "collector": {"Review": ["queue", "draft", "account"]},
    "manager": {"Review": ["queue", "draft", "account"], "Manager": ["rules", "approvals", "metrics", "runs"],
                "Oversight": ["evals"]},
    "auditor": {"Review": ["queue", "draft", "account"], "Oversight": ["audit", "evals"]},
    "admin": {"Review": ["queue", "draft", "account"], "Manager": ["rules", "approvals", "metrics", "runs"],
              "Oversight": ["audit", "evals"], "Admin": ["users"]},
}


def page(name: str) -> st.Page:
    """The st.Page for a page name; the url path is the name, so links survive reruns."""
    spec = PAGES[name]
    return st.Page(spec.render, title=spec.title, icon=spec.icon, url_path=name, default=name == "queue")


def page_names(role: str) -> list[str]:
    """Every page name the role sees, in navigation order."""
    return [name for names in SECTIONS.get(role, {}).values() for name in names]


def pages_for(role: str) -> dict[str, list[st.Page]]:
    """The navigation of a role, by section."""
    return {section: [page(n) for n in names] for section, names in SECTIONS.get(role, {}).items()}
