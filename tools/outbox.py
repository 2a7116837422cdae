"""The transactional outbox: approved drafts become rows here in the approval's transaction; a
deliverer claims each row, sends it once, and records the sent message as a communication.

At-most-once: a row is claimed (committed) before sending, and the phase 'data' is committed
before the point of no return. A crash before 'data' is retried; a crash after it is resent only
when the transport can confirm the message did not arrive, otherwise it is parked for a person.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from tools.audit import record_event
from tools.mailer import Transport
from tools.models import Communication, Draft, OutboxMessage, utcnow

log = logging.getLogger(__name__)
STALE_CLAIM = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5


class OutboxOut(BaseModel):
    id: int
    draft_id: int
    idempotency_key: str
    recipient: str
    subject: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None


def idempotency_key_for(draft_id: int) -> str:
    """One key per approved draft: the same draft can never produce two messages."""
    return f"arcopilot-draft-{draft_id}"


def enqueue(
    session: Session, *, draft_id: int, recipient: str, subject: str, body: str,
    not_before: dt.datetime | None = None, actor: str = "agent",
) -> int:
    """Add the approved draft's message to the outbox (once; a second call returns the same row)."""
    key = idempotency_key_for(draft_id)
    existing = session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).first()
    if existing is not None:
        return existing.id
    row = OutboxMessage(draft_id=draft_id, idempotency_key=key, recipient=recipient, subject=subject, body=body,
                        status="pending", next_attempt_at=not_before)
    session.add(row)
    session.flush()
    record_event(session, actor=actor, action="outbox.enqueued", entity_type="outbox_message", entity_id=str(row.id),
                 detail={"draft_id": draft_id, "recipient": recipient, "not_before": str(not_before)})
    return row.id


def _claim(
    factory: sessionmaker[Session], message_id: int, now: dt.datetime, stale_after: dt.timedelta
) -> OutboxMessage | None:
    with factory.begin() as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status.in_(("pending", "sending")),
                (OutboxMessage.status == "pending") | (OutboxMessage.claimed_at < now - stale_after),
            )
            .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1,
                    phase=func.coalesce(OutboxMessage.phase, "claimed"))
            .returning(OutboxMessage)
        ).scalars().first()
        if claimed is not None:
            session.expunge(claimed)
        return claimed


def _mark_phase(factory: sessionmaker[Session], message_id: int) -> None:
    with factory.begin() as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(phase="data"))


def deliver_one(
    factory: sessionmaker[Session], *, message_id: int, transport: Transport, now: dt.datetime | None = None,
    stale_after: dt.timedelta = STALE_CLAIM,
) -> str:
    """Claim and send one outbox message; returns its new status."""
    now = now or utcnow()
    message = _claim(factory, message_id, now, stale_after)
    if message is None:
        return "not_claimed"
    if message.phase == "data":
        # A previous attempt died after the point of no return. Resend only if we can tell it did not arrive.
        delivered = transport.already_delivered(message)
        if delivered is None:
            return _finish(factory, message, status="failed",
                           error="a previous attempt died mid-delivery; not resent (at most once) — check the "
                                 "recipient's mailbox, then resend by hand if needed")
        if delivered:
            return _finish(factory, message, status="sent", error=None)
    try:
        transport.send(message, before_data=lambda: _mark_phase(factory, message.id))
    except Exception as exc:  # any transport error: retry with backoff, then give up
        log.warning("delivery of outbox message %s failed: %s", message.id, exc)
        if message.attempts >= MAX_ATTEMPTS:
            return _finish(factory, message, status="failed", error=f"{type(exc).__name__}: {exc}")
        backoff = dt.timedelta(seconds=min(3600, 30 * 2 ** (message.attempts - 1)))
        with factory.begin() as session:
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id).values(
                status="pending", phase=None, last_error=f"{type(exc).__name__}: {exc}", next_attempt_at=now + backoff))
        return "pending"
    return _finish(factory, message, status="sent", error=None)


def _finish(factory: sessionmaker[Session], message: OutboxMessage, *, status: str, error: str | None) -> str:
    with factory.begin() as session:
        row = session.get(OutboxMessage, message.id)
        assert row is not None
        row.status, row.last_error = status, error
        draft = session.get(Draft, row.draft_id)
        if status == "sent":
            row.sent_at = utcnow()
            if draft is not None:
                draft.status = "sent"
                session.add(Communication(
                    external_id=row.idempotency_key, customer_id=draft.customer_id, direction="outbound",
                    channel="email", at=row.sent_at, subject=row.subject, body=row.body,
                    author="arcopilot", recipient=row.recipient, draft_id=draft.id,
                ))
        elif draft is not None:
            draft.status = "send_failed"
        record_event(session, actor="outbox", action=f"outbox.{status}", entity_type="outbox_message",
                     entity_id=str(row.id), detail={"draft_id": row.draft_id, "error": error,
                                                    "attempts": row.attempts})
    return status


def due_messages(session: Session, *, now: dt.datetime, stale_after: dt.timedelta = STALE_CLAIM) -> list[int]:
    """Ids of messages ready to send: pending and due, or claimed long ago by a process that died."""
    return list(session.scalars(
        select(OutboxMessage.id).where(
            ((OutboxMessage.status == "pending")
             & ((OutboxMessage.next_attempt_at.is_(None)) | (OutboxMessage.next_attempt_at <= now)))
            | ((OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - stale_after))
        ).order_by(OutboxMessage.id)
    ))


def deliver_due(
    factory: sessionmaker[Session], *, transport: Transport, now: dt.datetime | None = None, max_messages: int = 1000,
    stale_after: dt.timedelta = STALE_CLAIM,
) -> dict[str, int]:
    """Deliver every due message once; returns counts by outcome."""
    now = now or utcnow()
    with factory() as session:
        ids = due_messages(session, now=now, stale_after=stale_after)[:max_messages]
    counts: dict[str, int] = {}
    for message_id in ids:
        outcome = deliver_one(factory, message_id=message_id, transport=transport, now=now, stale_after=stale_after)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def run_worker(
    factory: sessionmaker[Session], *, transport: Transport, poll_seconds: float = 5.0, iterations: int | None = None,
    stale_after: dt.timedelta = STALE_CLAIM,
) -> None:
    """Deliver due messages forever (or `iterations` times), sleeping between polls."""
    done = 0
    while iterations is None or done < iterations:
        deliver_due(factory, transport=transport, stale_after=stale_after)
        done += 1
        if iterations is None or done < iterations:
            time.sleep(poll_seconds)


def list_outbox(session: Session, *, status: str | None = None, limit: int = 100) -> list[OutboxOut]:
    """Outbox rows, newest first."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return [OutboxOut.model_validate(r, from_attributes=True) for r in session.scalars(query)]
