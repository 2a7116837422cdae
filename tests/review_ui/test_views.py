"""Every page renders for each role that sees it, and refuses (without calling the API) the roles that
do not: the navigation hides pages, and the pages do not rely on that."""

from __future__ import annotations

import pytest

from review_ui.navigation import PAGES, page_names
from tests.review_ui.conftest import LiveApi, page_test
from tests.review_ui.live import ROLES


def run_page() -> None:
    import streamlit as st

    from review_ui.navigation import PAGES

    PAGES[st.session_state["page_under_test"]].render()


CASES = [(name, role) for name in PAGES for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_page_renders_for_its_roles_and_refuses_the_others(live_api: LiveApi, name: str, role: str) -> None:
    at = page_test(live_api, run_page, role, page_under_test=name, draft_id=live_api.drafts["pub-final-notice"],
                   customer_id=1).run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    if name in page_names(role):
        assert not at.error, [e.value for e in at.error]
        assert at.title, f"{name} shows no title for {role}"
    else:
        assert [e.value for e in at.error] == [f"This page is not available to the {role} role."]
        assert not at.title
