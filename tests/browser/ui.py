"""What a person does in the review UI, as Playwright steps."""

from __future__ import annotations

import time
from collections.abc import Callable
from email.message import Message
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.review_ui.live import PASSWORD, email_for


def sign_in(page: Page, base_url: str, role: str, *, path: str = "") -> None:
    page.goto(base_url + path)
    page.get_by_role("textbox", name="Email").fill(email_for(role))
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the current run (its status widget says "Running…" meanwhile)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)


def shot(page: Page, artifacts: Path, name: str, *, full_page: bool = True) -> Path:
    settle(page)
    path = artifacts / f"ui-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def nav_link(page: Page, title: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def plain_text(message: Message) -> str:
    """The decoded text/plain body of a received message."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")
