"""The account page: ledger and aging with money formatted; calls, promises and disputes recorded."""

from __future__ import annotations

from tests.review_ui.conftest import LiveApi, page_test


def account() -> None:
    from review_ui.views.account import account_page

    account_page()


def customer_id(api: LiveApi, scenario: str) -> int:
    return api.client("collector").draft(api.drafts[scenario]).customer_id


def test_account_shows_the_ledger_and_aging_with_currency(live_api: LiveApi) -> None:
    at = page_test(live_api, account, "collector", customer_id=customer_id(live_api, "pub-t1-friendly")).run()
    assert not at.exception and not at.error
    aging, invoices = at.dataframe[0].value, at.dataframe[1].value
    assert aging["1–30 days"][0] == "1,200.00 USD" and aging["Total"][0] == "1,200.00 USD"
    open_invoice = invoices[invoices["Status"] == "open"].iloc[0]
    assert open_invoice["Invoice"] == "INV-20417" and open_invoice["Balance"] == "1,200.00 USD"
    assert open_invoice["Due"] == "Nov 12, 2026"


def test_collector_logs_a_call_records_a_promise_and_opens_a_dispute(fresh_api: LiveApi) -> None:
    cid = customer_id(fresh_api, "pub-t1-friendly")
    at = page_test(fresh_api, account, "collector", customer_id=cid).run()
    at.text_area[0].input("Pat says the payment run is on Friday.")
    at.text_input[0].input("Pat Lee")
    at.button[0].click().run()  # log call
    assert not at.error and "Call logged." in at.success[0].value
    at.number_input[0].set_value(1200.0)
    at.multiselect[0].select("INV-20417")
    at.button[1].click().run()  # record promise
    assert not at.error and "Promise recorded." in at.success[0].value
    at.selectbox[1].select("INV-20417")
    at.text_area[1].input("Customer says the PO was wrong.")
    at.button[2].click().run()  # open dispute
    assert not at.error and "Dispute opened." in at.success[0].value
    detail = fresh_api.client("collector").account(cid)
    assert [c["body"] for c in detail.account.communications if c["channel"] == "phone"] == [
        "Pat says the payment run is on Friday."]
    assert [(p["amount"], p["invoice_numbers"]) for p in detail.account.promises] == [("1200.00", ["INV-20417"])]
    assert [(d["invoice"], d["status"]) for d in detail.account.disputes] == [("INV-20417", "open")]
    timeline = next(d.value for d in at.dataframe if "What" in d.value.columns)
    assert {"communication", "promise", "dispute opened"} <= set(timeline["What"])
