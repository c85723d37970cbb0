"""Queries of conversations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.conversations.models import Conversation, Message


def get(session: Session, conversation_id: str) -> Conversation | None:
    """Return a conversation with its messages, or None."""
    return session.get(Conversation, conversation_id)


def lock(session: Session, conversation_id: str) -> Conversation | None:
    """Return a conversation locked for this transaction: turns of one conversation queue."""
    query = (
        select(Conversation)
        .where(Conversation.id == conversation_id)
        .with_for_update()
        .execution_options(populate_existing=True)  # what another transaction wrote wins
    )
    return session.scalars(query).one_or_none()


def of_customer(session: Session, customer_id: str) -> Sequence[Conversation]:
    """Return a customer's conversations, newest first."""
    query = (
        select(Conversation)
        .where(Conversation.customer_id == customer_id)
        .order_by(Conversation.created_at.desc())
    )
    return session.scalars(query).all()


def messages_after(session: Session, conversation_id: str, after: int) -> Sequence[Message]:
    """Return the messages after sequence number `after` (for a client that reconnects)."""
    query = (
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.seq > after)
        .order_by(Message.seq)
    )
    return session.scalars(query).all()


def last_seqs(session: Session, conversation_ids: Sequence[str]) -> dict[str, int]:
    """Return the `seq` of the last message of each of these conversations (those that exist)."""
    query = select(Conversation.id, Conversation.last_seq).where(
        Conversation.id.in_(conversation_ids)
    )
    return {conversation_id: seq for conversation_id, seq in session.execute(query)}
