"""The queue page: drafts in priority order, readable at a glance."""

from __future__ import annotations

from tests.review_ui.conftest import LiveApi, page_test


def queue() -> None:
    from review_ui.views.queue import queue_page

    queue_page()


def test_queue_lists_waiting_drafts_in_priority_order_with_money_and_checks(live_api: LiveApi) -> None:
    expected = live_api.client("collector").drafts(status=["pending_review"])
    at = page_test(live_api, queue, "collector").run()
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Review queue"]
    table = at.dataframe[0].value
    assert list(table["#"]) == [d.id for d in expected.items]
    top = expected.items[0]
    assert table["Amount"][0] == f"{top.total_due:,.2f} {top.currency}"
    assert all(checks.startswith("all ") for checks in table["Checks"])
    final_notice = table[table["Action"] == "final notice"].iloc[0]
    assert final_notice["Manager"] == "needed" and final_notice["Bulk"] == ""
    assert f":blue-badge[pending review] **{expected.counts['pending_review']}**" in at.markdown[0].value
    assert at.selectbox(key="open_draft").value == top.id


def test_filters_narrow_the_queue(live_api: LiveApi) -> None:
    at = page_test(live_api, queue, "collector").run()
    at.multiselect[1].select("T1").run()  # the tier filter
    table = at.dataframe[0].value
    assert list(table["Tier"]) == ["T1"] and list(table["Customer"]) == ["Northwind Traders"]


def test_auditors_read_the_queue_but_cannot_bulk_approve(live_api: LiveApi) -> None:
    at = page_test(live_api, queue, "auditor").run()
    assert not at.error and len(at.dataframe[0].value) >= 6
    assert not [b for b in at.button if b.label.startswith("Bulk-approve")]


def test_bulk_approve_sends_the_eligible_drafts_and_reports_each(fresh_api: LiveApi) -> None:
    from review_ui.views.queue import bulk_eligible

    collector = fresh_api.client("collector")
    policy = collector.rules().rules["bulk_approve"]
    waiting = collector.drafts(status=["pending_review"]).items
    eligible = [d.id for d in waiting if bulk_eligible(d, policy)]
    assert eligible, "the public scenarios should queue at least one clean reminder"
    at = page_test(fresh_api, queue, "collector").run()
    button = next(b for b in at.button if b.label.startswith("Bulk-approve"))
    assert button.label == f"Bulk-approve the {len(eligible)} eligible"
    button.click().run()
    assert not at.exception
    assert f"Bulk approval: {len(eligible)} approved, 0 refused." in at.success[0].value
    assert {collector.draft(i).status for i in eligible} <= {"sent", "approved"}
    assert len(at.dataframe[0].value) == len(waiting) - len(eligible)
