"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for testing the real client's wire format."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_MODEL = "fake-model"
DEFAULT_EMBEDDING_DIM = 8


@dataclass(frozen=True)
class FakeResponse:
    """One scripted HTTP answer: status, JSON body (or raw text), and a delay before sending it."""

    status: int = 200
    body: dict[str, Any] | str = field(default_factory=dict)
    delay: float = 0.0


Responder = Callable[[dict[str, Any]], FakeResponse]


# ---- builders for the answers tests script ----------------------------------------------------


def chat_answer(
    content: str | dict[str, Any], *, model: str = DEFAULT_MODEL, delay: float = 0.0
) -> FakeResponse:
    """A 200 chat completion whose message content is `content` (a dict is sent as its JSON text)."""
    text = content if isinstance(content, str) else json.dumps(content)
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }
    return FakeResponse(200, body, delay)


def draft_answer(
    *,
    subject: str = "Overdue invoice",
    body: str = "Hello,\n\nPlease pay.\n\nAccounts Receivable",
    cited_facts: Iterable[str] = ("F1",),
    confidence: float = 0.9,
    delay: float = 0.0,
) -> FakeResponse:
    """A well-formed collection draft as the LLM drafter expects it."""
    draft = {"subject": subject, "body": body, "cited_facts": list(cited_facts), "confidence": confidence}
    return chat_answer(draft, delay=delay)


def invented_late_fee_answer(
    *,
    invoice_number: str,
    true_balance: str,
    cited_facts: Iterable[str],
    invented_fee: str = "75.00",
    wrong_total: str | None = None,
    currency: str = "USD",
) -> FakeResponse:
    """A well-formed draft whose body invents a late fee and a total no fact supports (for the checker)."""
    total = wrong_total or _add_money(true_balance, invented_fee)
    body = (
        "Hello,\n\n"
        f"Invoice {invoice_number} for {true_balance} {currency} is overdue. A late fee of "
        f"{invented_fee} {currency} has been added, so the amount now due is {total} {currency}. "
        "Please pay it this week.\n\nAccounts Receivable"
    )
    subject = f"Overdue: {invoice_number}"
    return draft_answer(subject=subject, body=body, cited_facts=cited_facts, confidence=0.95)


def reject_json_schema(style: str = "vllm") -> FakeResponse:
    """A 400 like servers without json_schema support send; the message names response_format."""
    if style == "vllm":
        body: dict[str, Any] = {
            "object": "error",
            "message": "[{'type': 'value_error', 'loc': ('body', 'response_format'), 'msg': "
            "\"Value error, response_format type 'json_schema' is not supported\"}]",
            "type": "BadRequestError",
            "param": None,
            "code": 400,
        }
    elif style == "llama.cpp":
        body = {
            "error": {
                "code": 400,
                "message": (
                    'response_format type must be one of "text" or "json_object", but got: json_schema'
                ),
                "type": "invalid_request_error",
            }
        }
    else:
        raise ValueError(f"unknown rejection style {style!r}")
    return FakeResponse(400, body)


def malformed_json_answer() -> FakeResponse:
    """A 200 whose content is cut-off JSON, as a model that ran out of tokens produces."""
    return chat_answer('{"subject": "Overdue invoice", "body": "Hello,\\n\\nYour invoice')


def server_error(status: int = 500) -> FakeResponse:
    """A 5xx with an OpenAI-style error body."""
    return FakeResponse(
        status, {"error": {"message": "internal error", "type": "server_error", "code": status}}
    )


def slow(response: FakeResponse, delay: float) -> FakeResponse:
    """`response`, sent only after `delay` seconds (make it longer than the client timeout)."""
    return FakeResponse(response.status, response.body, delay)


def json_object_only(answer: Responder | FakeResponse, style: str = "vllm") -> Responder:
    """A server that rejects json_schema on every request and answers the others with `answer`."""

    def respond(request: dict[str, Any]) -> FakeResponse:
        if (request.get("response_format") or {}).get("type") == "json_schema":
            return reject_json_schema(style)
        return answer(request) if callable(answer) else answer

    return respond


def _add_money(a: str, b: str) -> str:
    from decimal import Decimal

    return f"{Decimal(a.replace(',', '')) + Decimal(b.replace(',', '')):,.2f}"


# ---- the server ---------------------------------------------------------------------------------


def deterministic_embedding(text: str, dimensions: int) -> list[float]:
    """A unit vector derived from the text's hash: equal texts give equal vectors."""
    raw: list[float] = []
    counter = 0
    while len(raw) < dimensions:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        raw.extend((byte - 127.5) / 127.5 for byte in digest)
        counter += 1
    vector = raw[:dimensions]
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


class FakeLLMServer:
    """Serves /v1/chat/completions from a script, /v1/embeddings deterministically, and records requests."""

    def __init__(self, *, embedding_dim: int = DEFAULT_EMBEDDING_DIM) -> None:
        self.embedding_dim = embedding_dim
        self.requests: list[dict[str, Any]] = []  # chat request bodies, in arrival order
        self.embedding_requests: list[dict[str, Any]] = []
        self.unscripted_calls = 0  # chat requests that found neither a queued response nor a responder
        self._script: deque[FakeResponse] = deque()
        self._responder: Responder | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting

    def enqueue(self, *responses: FakeResponse) -> None:
        """Answer the next chat requests with these, in order (before any responder)."""
        with self._lock:
            self._script.extend(responses)

    def respond_with(self, responder: Responder | FakeResponse) -> None:
        """Answer chat requests with this once the queue is empty (a callable sees the request body)."""
        with self._lock:
            self._responder = responder if callable(responder) else (lambda _request: responder)

    def _next_chat_response(self, request: dict[str, Any]) -> FakeResponse:
        with self._lock:
            self.requests.append(request)
            if self._script:
                return self._script.popleft()
            responder = self._responder
        if responder is None:
            # Unscripted calls fail loudly instead of hanging or inventing an answer.
            with self._lock:
                self.unscripted_calls += 1
            return FakeResponse(599, {"error": {"message": "fake LLM server: no scripted response"}})
        return responder(request)

    # -- lifecycle

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, ending in /v1."""
        if self._httpd is None:
            raise RuntimeError("server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeLLMServer:
        """Listen on a free port of 127.0.0.1 in a background thread."""
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # Join handler threads on close, so nothing outlives the test.
        self._httpd.daemon_threads = False
        self._httpd.block_on_close = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake delayed handlers, stop serving and close the socket."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if the server is stopping."""
        self._stopping.wait(seconds)


def _make_handler(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # A bound on idle connections, so a client that never sends a request cannot pin a thread.
        timeout = 5

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass  # keep pytest output clean

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._send(
                    FakeResponse(200, {"object": "list", "data": [{"id": DEFAULT_MODEL, "object": "model"}]})
                )
            else:
                self._send(FakeResponse(404, {"error": {"message": f"no route {self.path}"}}))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                self._send(FakeResponse(400, {"error": {"message": "request body is not JSON"}}))
                return
            if self.path == "/v1/chat/completions":
                response = server._next_chat_response(body)
            elif self.path == "/v1/embeddings":
                response = _embeddings(server, body)
            else:
                response = FakeResponse(404, {"error": {"message": f"no route {self.path}"}})
            if response.delay:
                server.sleep(response.delay)
            self._send(response)

        def _send(self, response: FakeResponse) -> None:
            payload = response.body if isinstance(response.body, str) else json.dumps(response.body)
            data = payload.encode()
            try:
                self.send_response(response.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. its timeout fired first); that is the point of a delay

    return Handler


def _embeddings(server: FakeLLMServer, body: dict[str, Any]) -> FakeResponse:
    server.embedding_requests.append(body)
    inputs = body.get("input", [])
    texts = [inputs] if isinstance(inputs, str) else list(inputs)
    dimensions = int(body.get("dimensions") or server.embedding_dim)
    data = []
    for index, text in enumerate(texts):
        vector = deterministic_embedding(str(text), dimensions)
        embedding: list[float] | str = vector
        if body.get("encoding_format") == "base64":
            embedding = base64.b64encode(struct.pack(f"<{dimensions}f", *vector)).decode()
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    tokens = sum(len(str(text).split()) for text in texts)
    return FakeResponse(
        200,
        {
            "object": "list",
            "data": data,
            "model": body.get("model", DEFAULT_MODEL),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        },
    )
