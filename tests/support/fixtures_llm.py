"""Fixtures for the fake OpenAI-compatible server; tests/conftest.py registers them in pytest_plugins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai import OpenAI

from tests.support.fake_llm_server import FakeLLMServer


@pytest.fixture()
def fake_llm() -> Iterator[FakeLLMServer]:
    """A fresh scripted server per test; stopped (and its threads joined) afterwards."""
    server = FakeLLMServer().start()
    try:
        yield server
    finally:
        server.stop()
    # A test that ran out of script got 599s it may have mistaken for a real outage.
    assert server.unscripted_calls == 0, (
        f"{server.unscripted_calls} chat request(s) found no scripted response"
    )


@pytest.fixture()
def fake_llm_client(fake_llm: FakeLLMServer) -> Iterator[OpenAI]:
    """The real openai client pointed at the fake server, never retrying on its own."""
    client = OpenAI(base_url=fake_llm.base_url, api_key="test-key", timeout=5.0, max_retries=0)
    try:
        yield client
    finally:
        client.close()
