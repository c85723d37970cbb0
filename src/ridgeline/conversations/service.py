"""Start conversations and run customer turns: lock the conversation, run the engine on its
persisted state, store the transcript and the new state, and audit the turn, all in one
transaction. Two messages sent at once to one conversation queue on the lock, so a confirmation
can never be used twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ridgeline.assistant.engine import Engine, Reply, TurnResult
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.views import CustomerView
from ridgeline.audit.service import record
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import repository
from ridgeline.conversations.models import Conversation, Message
from ridgeline.conversations.records_adapter import RecordsAdapter
from ridgeline.conversations.views import customer_view
from ridgeline.kit.clock import Clock
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.lending.policy import Policy

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


def start(
    ctx: ServiceContext, engine: Engine, customer_id: str, channel: str, locale: str | None
) -> Conversation:
    """Open a conversation with the AI disclosure in the customer's language."""
    view = customer_view(ctx.session, customer_id, ctx.policy)
    language = (locale or "")[:2].lower() or None
    state, reply = engine.start(view, language)
    now = ctx.now()
    conv = Conversation(
        id=new_id("CONV"),
        customer_id=customer_id,
        channel=channel,
        locale=locale,
        status="assistant",
        language=state.language,
        state=state.to_json(),
        created_at=now,
        updated_at=now,
        messages=[],
    )
    ctx.session.add(conv)
    append_message(ctx, conv, "assistant", reply.text, reply.language)
    ctx.session.flush()
    record(
        ctx,
        "conversation.started",
        "conversation",
        conv.id,
        customer_id=customer_id,
        details={"channel": channel, "language": state.language},
    )
    return conv


@dataclass
class Posted:
    """What posting a customer message produced."""

    conversation: Conversation
    replies: list[Reply]
    result: TurnResult | None  # None while a person holds the conversation


@dataclass(frozen=True)
class Prepared:
    """A message understood before the turn's transaction (the model never runs under a lock)."""

    reading: Reading | None
    updated_at: datetime | None
    view: CustomerView | None = None
    state: dict[str, Any] | None = None  # the state it was read in (it counts the turns)


def prepare(
    session: Session,
    clock: Clock,
    policy: Policy,
    engine_of: Callable[[], Engine],
    conversation_id: str,
    text: str,
) -> Prepared:
    """Understand a message on a read-only session, outside the turn's write lock.

    The engine is asked for only when the assistant holds the conversation.
    """
    conv = repository.get(session, conversation_id)
    if conv is None or conv.status != "assistant":
        return Prepared(None, None)
    engine = engine_of()
    state = ConversationState.from_json(conv.state)
    view = customer_view(session, conv.customer_id, policy)
    reading = engine.read(state, text, view, clock.now().date())
    return Prepared(reading, conv.updated_at, view, conv.state)


def post(
    ctx: ServiceContext,
    engine_of: Callable[[], Engine],
    conversation_id: str,
    text: str,
    customer_id: str | None,
    prepared: Prepared | None = None,
) -> Posted:
    """Run one customer message; `customer_id`, when given, must own the conversation.

    A reading prepared before the lock is used only if the conversation has not moved since;
    so is the customer view it was read with (the records as of a moment ago: every write
    re-reads and checks what it changes under its own row locks).
    """
    conv = repository.lock(ctx.session, conversation_id)
    if conv is None or (customer_id is not None and conv.customer_id != customer_id):
        raise NotFoundError("conversation", conversation_id)
    if conv.status == "closed":
        raise RuleRefusedError(
            "conversation_closed", "this conversation is closed; start a new one"
        )
    if conv.status in ("waiting_for_human", "with_human"):
        append_message(ctx, conv, "customer", text, None)
        conv.updated_at = ctx.now()
        ctx.session.flush()
        return Posted(conv, [], None)
    state = ConversationState.from_json(conv.state)
    assistant_ctx = ServiceContext(ctx.session, ctx.clock, ASSISTANT, ctx.policy)
    reading, view = None, None
    if (
        prepared is not None
        and prepared.updated_at == conv.updated_at
        and prepared.state == conv.state
    ):
        reading, view = prepared.reading, prepared.view
    records = RecordsAdapter(assistant_ctx, view)
    result = engine_of().turn(state, text, conv.customer_id, records, ctx.today(), reading)
    if result.trace.get("guard"):
        return Posted(conv, result.replies, result)  # unreadable input changes nothing
    append_message(ctx, conv, "customer", text, result.state.language)
    for reply in result.replies:
        append_message(ctx, conv, "assistant", reply.text, reply.language)
    conv.state = result.state.to_json()
    conv.status = result.state.status
    conv.language = result.state.language
    conv.last_intent = result.intent or conv.last_intent
    conv.updated_at = ctx.now()
    if result.handoff is not None:
        conv.handoff = dict(result.handoff)
        conv.handed_over_at = ctx.now()
    if conv.status == "closed":
        conv.closed_at = ctx.now()
    ctx.session.flush()
    details: dict[str, Any] = {
        **result.trace,
        "intent": result.intent,
        "actions": [a["type"] for a in result.actions],
    }
    record(
        assistant_ctx,
        "conversation.turn",
        "conversation",
        conv.id,
        customer_id=conv.customer_id,
        details=details,
    )
    if result.handoff is not None:
        record(
            assistant_ctx,
            "conversation.handed_over",
            "conversation",
            conv.id,
            customer_id=conv.customer_id,
            after={"reason": result.handoff["reason"], "queue": result.handoff["queue"]},
        )
    return Posted(conv, result.replies, result)


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
    record(
        ctx,
        "conversation.rated",
        "conversation",
        conv.id,
        customer_id=conv.customer_id,
        after={"score": score},
    )
    return conv
