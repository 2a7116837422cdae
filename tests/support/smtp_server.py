"""A real local SMTP server (aiosmtpd) that records what arrives and can hold a session at a stage."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RecordingHandler:
    """Stores each accepted message; `hold_at` ("RCPT" or "DATA") parks sessions there until released."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.hold_at: str | None = None
        self.held = threading.Event()
        self.release = threading.Event()

    async def _maybe_hold(self, stage: str) -> None:
        if self.hold_at != stage:
            return
        self.held.set()
        # `release` is set from the test's thread, so wait on it in a worker thread, not the event loop.
        await asyncio.to_thread(self.release.wait, 30)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        await self._maybe_hold("RCPT")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        await self._maybe_hold("DATA")
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[Controller, RecordingHandler]]:
    """Start the server on 127.0.0.1 and a free port; stop it afterwards."""
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        handler.release.set()
        controller.stop()
