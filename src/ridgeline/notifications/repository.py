"""Queries of the outbox."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.notifications.models import OutboxMessage


def get(session: Session, message_id: str) -> OutboxMessage | None:
    """Return an outbox message, or None."""
    return session.get(OutboxMessage, message_id)


def for_customer(session: Session, customer_id: str, limit: int = 50) -> Sequence[OutboxMessage]:
    """Return a customer's messages, pending and sent, newest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.customer_id == customer_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def pending_ids(session: Session, limit: int) -> list[str]:
    """Return the ids of pending messages, oldest first."""
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending")
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query).all())


def claim_pending(session: Session, message_id: str) -> OutboxMessage | None:
    """Return the message if it is still pending, its row locked for this transaction.

    On PostgreSQL a row another relay holds is skipped (None) instead of waited for; on SQLite
    the writer's `BEGIN IMMEDIATE` already lets one relay in at a time.
    """
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .with_for_update(skip_locked=True)
    )
    return session.scalars(query).first()
