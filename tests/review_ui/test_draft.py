"""The draft page: the message beside its evidence; decisions show their outcome and move on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.review_ui.conftest import LiveApi, page_test


def draft() -> None:
    from review_ui.views.draft import draft_page

    draft_page()


def test_draft_shows_message_confidence_checks_and_every_fact_with_its_source(live_api: LiveApi) -> None:
    draft_id = live_api.drafts["pub-t1-friendly"]
    detail = live_api.client("collector").draft(draft_id)
    at = page_test(live_api, draft, "collector", draft_id=draft_id).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Northwind Traders"
    assert at.text_input(key=f"subject_{draft_id}").value == detail.subject
    assert "INV-20417" in at.text_area(key=f"body_{draft_id}").value
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Confidence :green[75%]" in markdown and "base score" in markdown
    assert f"#### Checks · :green[all {len(detail.checks)} pass]" in markdown
    checks = next(t.value for t in at.table if "Result" in t.value.columns)
    assert len(checks) == len(detail.checks) and set(checks["Result"]) == {"pass"}
    facts = [e for e in at.expander if " · " in e.label and e.label.lstrip("★ ").startswith("F")]
    assert len(facts) == len(detail.facts)
    invoice = next(e for e in facts if "invoice — INV-20417" in e.label)
    assert invoice.label.startswith("★ ")  # cited in the message
    row = invoice.table[0].value["value"].to_dict()
    assert row["number"] == "INV-20417" and row["balance"] == "1,200.00 USD" and row["due_date"] == "Nov 12, 2026"


def test_auditors_see_a_draft_read_only(live_api: LiveApi) -> None:
    at = page_test(live_api, draft, "auditor", draft_id=live_api.drafts["pub-t1-friendly"]).run()
    assert at.text_area[0].disabled
    assert not [b for b in at.button if b.label in ("Approve and send", "Reject")]


@pytest.fixture()
def api(fresh_api: LiveApi) -> Iterator[LiveApi]:
    yield fresh_api


def test_an_edit_that_fails_a_hard_check_is_blocked_and_stays_on_the_draft(api: LiveApi) -> None:
    draft_id = api.drafts["pub-t1-friendly"]
    at = page_test(api, draft, "collector", draft_id=draft_id).run()
    body = at.text_area(key=f"body_{draft_id}")
    body.input(body.value.replace("Many thanks,", "Pay now, deadbeat.\n\nMany thanks,")).run()
    at.button(key="approve").click().run()
    assert not at.exception
    assert at.session_state["draft_id"] == draft_id
    error = "\n".join(e.value for e in at.error)
    assert f"Draft #{draft_id} blocked, nothing was sent" in error and "forbidden phrases" in error
    after = api.client("collector").draft(draft_id)
    assert after.status == "pending_review" and "deadbeat" in after.body
    assert not any(c.passed for c in after.checks if c.rule == "forbidden_phrases")
    checks = next(t.value for t in at.table if "Result" in t.value.columns)
    assert checks["Result"]["forbidden phrases"] == "FAIL" and checks.index[0] == "forbidden phrases"


def test_reject_records_the_reason_and_moves_to_the_next_draft(api: LiveApi) -> None:
    collector = api.client("collector")
    first = collector.drafts(status=["pending_review"]).items[0].id
    at = page_test(api, draft, "collector", draft_id=first).run()
    at.selectbox(key="reject_reason").select("customer_paid")
    at.text_input(key="reject_note").input("paid by phone this morning")
    at.button(key="reject").click().run()
    assert not at.exception and not at.error
    assert f"Draft #{first} rejected." in at.info[0].value
    following = collector.drafts(status=["pending_review"]).items[0].id
    assert at.session_state["draft_id"] == following != first
    assert at.title[0].value == collector.draft(following).customer_name
    rejected = collector.draft(first)
    assert rejected.status == "rejected"
    assert [(r.decision, r.reason_code, r.note) for r in rejected.reviews] == [
        ("reject", "customer_paid", "paid by phone this morning")]
