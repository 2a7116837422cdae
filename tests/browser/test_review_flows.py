"""The flows a person clicks through, in headless Chromium against the real API and UI servers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from review_ui.client import ApiClient
from tests.browser.conftest import Stack
from tests.browser.ui import nav_link, plain_text, settle, shot, sign_in, wait_until
from tests.review_ui.live import PASSWORD, email_for

pytestmark = pytest.mark.browser

EDIT = "Thank you for working through this with our team."
MANAGER_PAGES = ("Rules", "Approvals", "Metrics", "Agent runs")


def api_as(stack: Stack, role: str) -> ApiClient:
    client = ApiClient(stack.api.url)
    client.login(email_for(role), PASSWORD)
    return client


def test_collector_edits_and_approves_the_top_draft_and_it_is_sent_exactly_once(
    stack: Stack, page: Page, artifacts_dir: Path,
) -> None:
    top = api_as(stack, "collector").drafts(status=["pending_review"]).items[0]
    sign_in(page, stack.ui.url, "collector")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    shot(page, artifacts_dir, "1-1-collector-queue")

    page.get_by_role("button", name="Open draft").click()
    expect(page.get_by_role("heading", name=top.customer_name)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Confidence \d+%"))).to_be_visible()
    expect(page.get_by_text(top.confidence_reasons[0])).to_be_visible()
    invoice = next(f for f in top.facts if f.kind == "invoice")
    page.get_by_text(re.compile(rf"{invoice.id} · invoice — ")).click()  # one click to the source row
    expect(page.get_by_text(invoice.source or "")).to_be_visible()
    source_row = page.get_by_test_id("stTable").filter(has_text="due_date")
    expect(source_row).to_contain_text(str(invoice.values["number"]))
    expect(source_row).to_contain_text(f"{Decimal(invoice.values['balance']):,.2f} {top.currency}")
    shot(page, artifacts_dir, "1-2-draft-with-sources")
    source_row.scroll_into_view_if_needed()
    shot(page, artifacts_dir, "1-2b-fact-source-row", full_page=False)

    body = page.get_by_role("textbox", name="Body")
    body.fill(body.input_value().replace("\n\n", f"\n\n{EDIT}\n\n", 1))
    body.blur()
    expect(page.get_by_role("button", name="Save edit")).to_be_enabled()
    shot(page, artifacts_dir, "1-3-draft-edited")
    page.get_by_role("button", name="Approve and send").click()
    expect(page.get_by_text(f"Draft #{top.id} sent to {top.recipient}.")).to_be_visible()
    expect(page.get_by_role("heading", name=top.customer_name)).to_have_count(0)  # on to the next draft
    shot(page, artifacts_dir, "1-4-sent-and-next-draft")

    assert wait_until(lambda: len(stack.mail.messages) >= 1, timeout=20), "nothing reached the SMTP server"
    wait_until(lambda: len(stack.mail.messages) > 1, timeout=3)  # room for a duplicate to show up
    assert len(stack.mail.messages) == 1
    message = stack.mail.messages[0]
    assert top.recipient and top.recipient in message["To"]
    assert EDIT in plain_text(message)
    assert api_as(stack, "auditor").draft(top.id).status == "sent"


def test_manager_dry_runs_a_new_forbidden_phrase_saves_it_and_the_draft_check_fails(
    stack: Stack, page: Page, artifacts_dir: Path,
) -> None:
    target = stack.drafts["pub-t1-friendly"]
    manager = api_as(stack, "manager")
    assert "busy month" in manager.draft(target).body
    version = manager.rules().version
    sign_in(page, stack.ui.url, "manager")
    nav_link(page, "Rules").click()
    expect(page.get_by_role("heading", name="Guardrail rules")).to_be_visible()
    page.get_by_role("tab", name="Wording").click()
    phrases = page.get_by_role("textbox", name="forbidden phrases")
    phrases.fill(phrases.input_value() + "\nbusy month")
    phrases.blur()
    dry_run = page.get_by_role("button", name="Dry run against the queue")
    expect(dry_run).to_be_enabled()
    dry_run.click()
    expect(page.get_by_text(re.compile(r"Dry run: 1 of \d+ waiting drafts would change"))).to_be_visible()
    changes = page.get_by_test_id("stTable")
    expect(changes).to_contain_text("Northwind Traders")
    expect(changes).to_contain_text("forbidden phrases: pass → FAIL")
    shot(page, artifacts_dir, "2-1-rules-dry-run")
    assert manager.rules().version == version  # a dry run saves nothing
    assert all(c.passed for c in manager.draft(target).checks if c.rule == "forbidden_phrases")

    page.get_by_role("button", name="Save new version").click()
    expect(page.get_by_text(re.compile(rf"Saved rule set version {version + 1}; \d+ waiting drafts re-checked")))\
        .to_be_visible()
    shot(page, artifacts_dir, "2-2-rules-saved")

    nav_link(page, "Queue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    page.get_by_test_id("stSelectbox").filter(has_text="Open a draft").click()
    page.get_by_role("option", name=re.compile(rf"^#{target} Northwind Traders")).click()
    settle(page)
    shot(page, artifacts_dir, "2-3-queue-after-rule-change")
    page.get_by_role("button", name="Open draft").click()
    expect(page.get_by_role("heading", name="Northwind Traders")).to_be_visible()
    checks = page.get_by_test_id("stTable").filter(has_text="Severity")
    expect(checks.get_by_role("row").filter(has_text="forbidden phrases")).to_contain_text("FAIL")
    expect(page.get_by_text(re.compile("busy month"))).not_to_have_count(0)
    shot(page, artifacts_dir, "2-4-draft-check-now-fails")
    failing = [c for c in manager.draft(target).checks if not c.passed]
    assert [c.rule for c in failing] == ["forbidden_phrases"] and "busy month" in failing[0].detail


def test_collector_cannot_reach_the_manager_pages_in_the_ui_or_the_api(
    stack: Stack, page: Page, artifacts_dir: Path,
) -> None:
    sign_in(page, stack.ui.url, "collector")
    expect(nav_link(page, "Queue")).to_be_visible()
    for title in MANAGER_PAGES:
        expect(nav_link(page, title)).to_have_count(0)
    shot(page, artifacts_dir, "3-1-collector-navigation")

    sign_in(page, stack.ui.url, "collector", path="/rules")  # straight to the manager's URL, in a new session
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()  # the role's default page instead
    expect(page.get_by_role("heading", name="Guardrail rules")).to_have_count(0)
    expect(page.get_by_text("Dry run against the queue")).to_have_count(0)
    shot(page, artifacts_dir, "3-2-collector-direct-url")

    token = api_as(stack, "collector").token
    headers = {"Authorization": f"Bearer {token}"}
    rules = requests.get(f"{stack.api.url}/api/rules", headers=headers, timeout=10).json()["rules"]
    for method, path, body in [("GET", "/api/approvals", None), ("GET", "/api/metrics", None),
                               ("POST", "/api/rules/dry-run", {"rules": rules}),
                               ("PUT", "/api/rules", {"rules": rules}), ("POST", "/api/runs", {})]:
        response = requests.request(method, stack.api.url + path, json=body, headers=headers, timeout=10)
        assert response.status_code == 403, (path, response.text)
        assert "role collector may not do this" in response.json()["detail"]


PAGE_HEADINGS = {"Queue": "Review queue", "Account": "Account", "Rules": "Guardrail rules",
                 "Approvals": "Approvals inbox", "Metrics": "Metrics", "Agent runs": "Agent runs",
                 "Audit log": "Audit log", "Evals": "Eval runs", "Users": "Users"}


def test_admin_follows_a_draft_link_visits_every_page_and_starts_an_agent_run(
    stack: Stack, page: Page, artifacts_dir: Path,
) -> None:
    final_notice = api_as(stack, "admin").draft(stack.drafts["pub-final-notice"])
    sign_in(page, stack.ui.url, "admin", path=f"/draft?id={final_notice.id}")  # a link to one draft
    expect(page.get_by_role("heading", name=final_notice.customer_name)).to_be_visible()
    expect(page.get_by_text("Needs a manager's approval before it can be sent.")).to_be_visible()
    for number, (title, heading) in enumerate(PAGE_HEADINGS.items(), start=1):
        nav_link(page, title).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        settle(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        if title == "Metrics":  # charts draw after the page settles
            expect(page.locator(".vega-embed canvas, .vega-embed svg").first).to_be_visible()
        shot(page, artifacts_dir, f"4-{number}-admin-{title.lower().replace(' ', '-')}")
    nav_link(page, "Agent runs").click()
    page.get_by_role("button", name="Start a run").click()
    expect(page.get_by_text(re.compile(r"Run #\d+ started\."))).to_be_visible()
    accounts = len(api_as(stack, "admin").accounts(limit=500).items)
    expect(page.get_by_text(f"{accounts} of {accounts} accounts")).to_be_visible()
    expect(page.get_by_text("finished")).not_to_have_count(0)
    shot(page, artifacts_dir, "4-10-admin-agent-run-finished")
