"""Mail transports: .eml files in an outbox folder (the default) or SMTP with STARTTLS and auth.

Both send a message built from an outbox row with a Message-ID derived from its idempotency key.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

from tools.models import utcnow


class OutgoingMessage(Protocol):
    idempotency_key: str
    recipient: str
    subject: str
    body: str


def build_email(message: OutgoingMessage, *, sender: str) -> EmailMessage:
    """An RFC 5322 message whose Message-ID is stable for the idempotency key."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(utcnow())
    domain = sender.rsplit("@", 1)[-1] if "@" in sender else "arcopilot.local"
    email["Message-ID"] = make_msgid(idstring=message.idempotency_key, domain=domain)
    email["X-ARCopilot-Key"] = message.idempotency_key
    email.set_content(message.body)
    return email


class Transport(Protocol):
    """Delivers one message. `before_data` is called once the point of no return is reached."""

    name: str

    def send(self, message: OutgoingMessage, *, before_data: Callable[[], None]) -> None: ...

    def already_delivered(self, message: OutgoingMessage) -> bool | None:
        """True/False when the transport can tell, None when it cannot."""
        ...


class EmlFolderTransport:
    """Writes each message as `<idempotency key>.eml`; the atomic rename makes delivery all-or-nothing."""

    name = "eml"

    def __init__(self, folder: Path, *, sender: str) -> None:
        self.folder, self.sender = folder, sender

    def _path(self, message: OutgoingMessage) -> Path:
        return self.folder / f"{message.idempotency_key}.eml"

    def send(self, message: OutgoingMessage, *, before_data: Callable[[], None]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._path(message)
        if target.exists():
            return
        temp = target.with_suffix(f".tmp{os.getpid()}")
        temp.write_bytes(bytes(build_email(message, sender=self.sender)))
        before_data()
        os.replace(temp, target)

    def already_delivered(self, message: OutgoingMessage) -> bool | None:
        return self._path(message).exists()


class SmtpTransport:
    """SMTP with optional STARTTLS and login. Records the moment DATA starts, so a crash before it
    can be retried safely and a crash after it is never blindly resent."""

    name = "smtp"

    def __init__(
        self, *, host: str, port: int, sender: str, username: str | None = None, password: str | None = None,
        starttls: bool = True, timeout: float = 30.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls, self.timeout = username, password, starttls, timeout

    def send(self, message: OutgoingMessage, *, before_data: Callable[[], None]) -> None:
        email = build_email(message, sender=self.sender)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.ehlo()
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
            code, reply = smtp.mail(self.sender)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, self.sender)
            code, reply = smtp.rcpt(message.recipient)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({message.recipient: (code, reply)})
            before_data()
            # smtplib leaves bytes as they are: serialise with CRLF line endings as SMTP requires.
            code, reply = smtp.data(email.as_bytes(policy=SMTP_POLICY))
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)

    def already_delivered(self, message: OutgoingMessage) -> bool | None:
        return None  # SMTP cannot be asked whether a message arrived.
