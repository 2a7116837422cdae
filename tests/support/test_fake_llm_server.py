"""The fake server itself: deterministic embeddings, and nothing left running after stop()."""

from __future__ import annotations

import threading
import time

from openai import APITimeoutError, OpenAI

from tests.support.fake_llm_server import FakeLLMServer, draft_answer, slow


def test_embeddings_are_deterministic_unit_vectors_of_the_requested_size(fake_llm: FakeLLMServer) -> None:
    client = OpenAI(base_url=fake_llm.base_url, api_key="test-key", max_retries=0)

    first = client.embeddings.create(model="embed", input=["late payment", "invoice paid"], dimensions=16)
    again = client.embeddings.create(model="embed", input="late payment", dimensions=16)
    client.close()

    vectors = [item.embedding for item in first.data]
    assert [len(v) for v in vectors] == [16, 16]
    assert vectors[0] != vectors[1]
    assert again.data[0].embedding == vectors[0]
    assert abs(sum(x * x for x in vectors[0]) - 1.0) < 1e-6
    assert fake_llm.embedding_requests[0]["input"] == ["late payment", "invoice paid"]


def test_stop_wakes_delayed_answers_and_leaves_no_threads() -> None:
    before = set(threading.enumerate())
    server = FakeLLMServer().start()
    server.enqueue(slow(draft_answer(), 30.0))
    client = OpenAI(base_url=server.base_url, api_key="test-key", max_retries=0, timeout=0.3)
    try:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    except APITimeoutError:
        pass
    client.close()

    started = time.monotonic()
    server.stop()

    assert time.monotonic() - started < 2.0  # the 30 s delay was cut short
    assert set(threading.enumerate()) <= before
