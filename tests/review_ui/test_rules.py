"""The rules page: the API's validation shows under the field; a dry run comes before a save."""

from __future__ import annotations

from tests.review_ui.conftest import LiveApi, page_test


def rules() -> None:
    from review_ui.views.rules import rules_page

    rules_page()


def key(api: LiveApi, name: str) -> str:
    return f"rules_v{api.client('manager').rules().version}_{name}"


def test_an_out_of_range_value_shows_the_apis_422_under_its_field(live_api: LiveApi) -> None:
    at = page_test(live_api, rules, "manager").run()
    assert at.button[1].disabled  # nothing to save before a dry run
    at.number_input(key=key(live_api, "min_days_between_contacts")).set_value(999).run()
    at.button[0].click().run()  # dry run
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == ["min days between contacts: Input should be less than or equal to 60"]
    assert at.button[1].disabled and not at.table


def test_dry_run_lists_the_drafts_a_new_forbidden_phrase_would_fail(live_api: LiveApi) -> None:
    before = live_api.client("manager").rules()
    at = page_test(live_api, rules, "manager").run()
    phrases = at.text_area(key=key(live_api, "forbidden_phrases"))
    phrases.input(phrases.value + "\nbusy month").run()
    at.button[0].click().run()
    assert not at.exception and not at.error
    changes = at.table[0].value
    assert list(changes["Customer"]) == ["Northwind Traders"]
    assert "forbidden phrases: pass → FAIL" in changes["Checks that change"].iloc[0]
    assert not at.button[1].disabled  # save is offered once the dry run matches the edit
    assert live_api.client("manager").rules().version == before.version  # nothing saved


def test_collectors_are_refused_the_rules_page(live_api: LiveApi) -> None:
    at = page_test(live_api, rules, "collector").run()
    assert [e.value for e in at.error] == ["This page is not available to the collector role."]
    assert not at.title and not at.number_input
