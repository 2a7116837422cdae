"""The real stack for browser tests: a database seeded with the public scenarios and drafts queued by
the real agent, the API (sending to a local aiosmtpd server) and the Streamlit UI as subprocesses on
free ports, and headless Chromium. Everything started here is stopped at teardown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.review_ui.live import Server, seed, start_api, start_ui
from tests.support.database import TestDatabases
from tests.support.smtp_server import RecordingHandler, smtp_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 30_000  # Streamlit reruns call the API; a slow first render is normal, a hang is not


@dataclass
class Stack:
    api: Server
    ui: Server
    mail: RecordingHandler
    drafts: dict[str, int]
    logs: Path


@pytest.fixture(scope="module")
def stack(test_databases: TestDatabases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    logs = tmp_path_factory.mktemp("browser-stack")
    url = test_databases.clone()
    drafts = seed(url, logs / "seed-outbox")
    with smtp_server() as (controller, handler):
        api = start_api(url, logs, smtp_port=controller.port)
        try:
            ui = start_ui(api.url, logs)
            try:
                yield Stack(api=api, ui=ui, mail=handler, drafts=drafts, logs=logs)
            finally:
                ui.stop()
        finally:
            api.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser session in Chicago time, so dates show in the reader's zone (not the server's)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1800}, timezone_id="America/Chicago")
    context.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
