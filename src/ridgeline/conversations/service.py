"""Open conversations, add messages to their transcript, and record the customer's rating.

A customer's message to the assistant goes through `messages.handle_message`; a change of who
holds a conversation through `status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ridgeline.assistant.engine import Engine, Reply
from ridgeline.assistant.views import CustomerProfile
from ridgeline.audit import service as audit
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import repository, store
from ridgeline.conversations.models import Conversation, Message
from ridgeline.kit.clock import Clock
from ridgeline.kit.db import Database
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.records.views import customer_profile

ASSISTANT = Actor("assistant")


def append_message(
    ctx: ServiceContext,
    conv: Conversation,
    role: str,
    text: str,
    language: str | None,
    author: str | None = None,
) -> Message:
    """Add the next numbered message to a conversation (the transcript is not loaded for it).

    The caller holds the conversation's lock, so the numbers follow each other without gaps.
    """
    conv.last_seq = (conv.last_seq or 0) + 1
    message = Message(
        conversation_id=conv.id,
        seq=conv.last_seq,
        role=role,
        text=text,
        language=language,
        author_id=author,
        created_at=ctx.now(),
    )
    if "messages" in conv.__dict__:
        conv.messages.append(message)  # the transcript was read: keep it whole
    else:
        ctx.session.add(message)
    return message


@dataclass(frozen=True)
class Opened:
    """A conversation just opened, with its first messages."""

    id: str
    customer_id: str
    status: str
    replies: list[Reply]


def start(
    db: Database,
    clock: Clock,
    engine: Engine,
    customer_id: str,
    channel: str,
    locale: str | None,
    profile: CustomerProfile | None = None,
) -> Opened:
    """Open a conversation with the AI disclosure in the customer's language, and store it.

    `profile`, when given, is the customer as read a moment ago; otherwise it is read here.
    """
    if profile is None or profile.id != customer_id:
        with db.reader() as reader:
            profile = customer_profile(reader, customer_id)
    language = (locale or "")[:2].lower() or None
    state, reply = engine.start(profile, language)
    now = clock.now()
    conversation_id = new_id("CONV")
    opening = store.Opening(
        conversation={
            "id": conversation_id,
            "customer_id": customer_id,
            "channel": channel,
            "locale": locale,
            "status": "assistant",
            "language": state.language,
            "state": state.to_json(),
            "created_at": now,
            "updated_at": now,
            "last_seq": 1,
            "version": 1,
        },
        messages=[message_row(conversation_id, 1, "assistant", reply.text, reply.language, now)],
        entries=[
            audit.columns(
                Actor("customer", customer_id),
                now,
                "conversation.started",
                "conversation",
                conversation_id,
                customer_id=customer_id,
                details={"channel": channel, "language": state.language},
            )
        ],
    )
    store.store_opening(db, opening)
    return Opened(conversation_id, customer_id, "assistant", [reply])


def message_row(
    conversation_id: str, seq: int, role: str, text: str, language: str | None, at: datetime
) -> dict[str, Any]:
    """Return the columns of a message written by a statement of `store`."""
    return {
        "conversation_id": conversation_id,
        "seq": seq,
        "role": role,
        "text": text,
        "language": language,
        "created_at": at,
    }


def rate(
    ctx: ServiceContext,
    conversation_id: str,
    score: int,
    comment: str | None,
    customer_id: str | None,
) -> Conversation:
    """Record the customer's satisfaction score (1 to 5) for a conversation."""
    conv = repository.lock(ctx.session, conversation_id)
    if conv is None or (customer_id is not None and conv.customer_id != customer_id):
        raise NotFoundError("conversation", conversation_id)
    if conv.csat_score is not None:
        raise RuleRefusedError("already_rated", "this conversation has already been rated")
    conv.csat_score = score
    conv.csat_comment = comment
    audit.record(
        ctx,
        "conversation.rated",
        "conversation",
        conv.id,
        customer_id=conv.customer_id,
        after={"score": score},
    )
    return conv
