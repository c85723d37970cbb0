"""Queries of conversations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ridgeline.assistant.views import CustomerView
from ridgeline.conversations.models import Attachment, Conversation, Message
from ridgeline.kit.batch import select_all
from ridgeline.kit.errors import NotFoundError
from ridgeline.policy import Policy
from ridgeline.records.views import build_view, view_statements


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


def handling_history(session: Session, since: datetime) -> tuple[int, float | None, float | None]:
    """Return the people's work on conversations handed over since `since`.

    That is: how many a person took, their mean handling seconds (of those let go), and the
    longest wait of the quickest quarter.
    """
    taken = (Conversation.handed_over_at >= since, Conversation.wait_seconds.is_not(None))
    count = session.scalar(select(func.count()).select_from(Conversation).where(*taken)) or 0
    if not count:
        return 0, None, None
    handle = session.scalar(
        select(func.avg(Conversation.handle_seconds)).where(
            *taken, Conversation.handle_seconds.is_not(None)
        )
    )
    pickup = session.scalar(
        select(Conversation.wait_seconds)
        .where(*taken)
        .order_by(Conversation.wait_seconds)
        .offset(count // 4)
        .limit(1)
    )
    return (
        count,
        float(handle) if handle is not None else None,
        float(pickup) if pickup is not None else None,
    )


def attachments(
    session: Session, conversation_id: str, seqs: Sequence[int] | None = None
) -> Sequence[Attachment]:
    """Return a conversation's attachments in order, without their bytes.

    Only those of the messages `seqs` when given.
    """
    query = select(Attachment).where(Attachment.conversation_id == conversation_id)
    if seqs is not None:
        query = query.where(Attachment.message_seq.in_(seqs))
    return session.scalars(query.order_by(Attachment.message_seq)).all()


def attachment(session: Session, conversation_id: str, attachment_id: str) -> Attachment | None:
    """Return one attachment of a conversation, or None."""
    found = session.get(Attachment, attachment_id)
    return found if found is not None and found.conversation_id == conversation_id else None


#: The queries of a turn: the conversation's own row, then the view of its customer, built once.
_OWNER = select(Conversation.customer_id).where(Conversation.id == bindparam("conversation_id"))
_CONVERSATION = select(
    Conversation.customer_id,
    Conversation.status,
    Conversation.state,
    Conversation.version,
    Conversation.last_seq,
).where(Conversation.id == bindparam("conversation_id"))
_CONVERSATION_VIEW = (_CONVERSATION, *view_statements(_OWNER.scalar_subquery()))


@dataclass(frozen=True)
class ConversationRow:
    """What a turn needs of its conversation's row."""

    customer_id: str
    status: str
    state: dict[str, Any]
    version: int
    last_seq: int


def conversation_view(
    session: Session, conversation_id: str, policy: Policy
) -> tuple[ConversationRow, CustomerView] | None:
    """Return a conversation's row and the view of its customer, or None when there is none.

    Both are read together, in one round trip on PostgreSQL.
    """
    rows = select_all(
        session.connection(), _CONVERSATION_VIEW, {"conversation_id": conversation_id}
    )
    if not rows[0]:
        return None
    conversation = ConversationRow(*rows[0][0])
    view = build_view(conversation.customer_id, rows[1:], policy)
    if view is None:
        raise NotFoundError("customer", conversation.customer_id)
    return conversation, view
