"""Similarity search over communications with pgvector."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from tools.embeddings import Embedder
from tools.models import Communication


class SimilarCommunication(BaseModel):
    id: int
    customer_id: int
    direction: str
    channel: str
    at: dt.datetime
    subject: str | None
    body: str
    distance: float


def similar_communications(
    session: Session,
    *,
    embedder: Embedder,
    text: str,
    limit: int = 3,
    customer_id: int | None = None,
    direction: str | None = None,
    exclude_ids: list[int] | None = None,
) -> list[SimilarCommunication]:
    """The communications closest in meaning to `text` (cosine distance), optionally for one customer."""
    [vector] = embedder.embed([text])
    distance = Communication.embedding.cosine_distance(vector).label("distance")
    query = select(Communication, distance).where(Communication.embedding.is_not(None))
    if customer_id is not None:
        query = query.where(Communication.customer_id == customer_id)
    if direction is not None:
        query = query.where(Communication.direction == direction)
    if exclude_ids:
        query = query.where(Communication.id.not_in(exclude_ids))
    rows = session.execute(query.order_by(distance).limit(limit))
    return [
        SimilarCommunication(
            id=c.id, customer_id=c.customer_id, direction=c.direction, channel=c.channel, at=c.at,
            subject=c.subject, body=c.body, distance=float(d),
        )
        for c, d in rows
    ]
