"""Start conversations and run customer turns: lock the conversation, run the engine on its
persisted state, store the transcript and the new state, and audit the turn, all in one
transaction. Two messages sent at once to one conversation queue on the lock, so a confirmation
can never be used twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from ridgeline.assistant.engine import Engine, Reply, TurnResult
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.views import CustomerProfile, CustomerView
from ridgeline.audit.service import record
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import repository
from ridgeline.conversations.models import Conversation, Message
from ridgeline.conversations.records_adapter import RecordsAdapter, WriteNeededError
from ridgeline.conversations.views import customer_profile, customer_view
from ridgeline.kit.clock import Clock
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.kit.logs import HeldLogs, held_logs
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
    ctx: ServiceContext,
    engine: Engine,
    customer_id: str,
    channel: str,
    locale: str | None,
    profile: CustomerProfile | None = None,
) -> Conversation:
    """Open a conversation with the AI disclosure in the customer's language.

    `profile`, when given, is the customer as read a moment ago (outside this transaction).
    """
    view = profile if profile is not None and profile.id == customer_id else None
    if view is None:
        view = customer_profile(ctx.session, customer_id)
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

    conversation: Conversation | None  # None when a turn worked out ahead was stored as such
    replies: list[Reply]
    result: TurnResult | None  # None while a person holds the conversation

    @property
    def status(self) -> str:
        """Return the conversation's status after the message."""
        if self.result is not None:
            return self.result.state.status
        return self.conversation.status if self.conversation is not None else "closed"


@dataclass(frozen=True)
class Prepared:
    """A message understood, and its turn worked out, before the turn's transaction.

    The model never runs under a lock, and neither does a turn that changes no records (most
    turns only read): its transaction then only checks that the conversation has not moved
    and stores what was worked out, which keeps SQLite's one-writer-at-a-time lock short.
    """

    reading: Reading | None
    view: CustomerView | None = None
    result: TurnResult | None = None  # the whole turn, when it writes nothing to the records
    logs: HeldLogs | None = None  # the turn's log events, written if the turn is kept
    # The conversation's version (bumped by every change of it) and last message when read;
    # version 0 is no version at all, so nothing prepared without reading it is ever used.
    version: int = 0
    last_seq: int = 0


#: What a turn worked out ahead needs of its conversation (plain columns: no ORM object).
_AS_READ = select(
    Conversation.customer_id,
    Conversation.status,
    Conversation.state,
    Conversation.version,
    Conversation.last_seq,
).where(Conversation.id == bindparam("id"))


def prepare(
    session: Session,
    clock: Clock,
    policy: Policy,
    engine_of: Callable[[], Engine],
    conversation_id: str,
    text: str,
    customer_id: str | None = None,
) -> Prepared:
    """Understand a message and work out its turn on a read-only session, outside the lock.

    The engine is asked for only when the assistant holds the conversation. The turn is run on
    records that refuse to write: one that comes to a writing tool is left to the transaction.
    """
    conv = session.connection().execute(_AS_READ, {"id": conversation_id}).one_or_none()
    if conv is None or conv.status != "assistant":
        return Prepared(None)
    if customer_id is not None and conv.customer_id != customer_id:
        return Prepared(None)  # the transaction answers that it does not exist
    engine = engine_of()
    today = clock.now().date()
    view = customer_view(session, conv.customer_id, policy)
    state = ConversationState.from_json(conv.state)  # the read leaves it as it is for the turn
    reading = engine.read(state, text, view, today)
    records = RecordsAdapter(
        ServiceContext(session, clock, ASSISTANT, policy), view, read_only=True
    )
    with held_logs() as logs:
        try:
            result = engine.turn(state, text, conv.customer_id, records, today, reading)
        except WriteNeededError:
            return Prepared(reading, view, version=conv.version)
    return Prepared(reading, view, result, logs, conv.version, conv.last_seq)


def post(
    ctx: ServiceContext,
    engine_of: Callable[[], Engine],
    conversation_id: str,
    text: str,
    customer_id: str | None,
    prepared: Prepared | None = None,
) -> Posted:
    """Run one customer message; `customer_id`, when given, must own the conversation.

    What was prepared before the lock is used only if the conversation has not moved since:
    the turn worked out in full, or else the reading and the customer view it was read with
    (the records as of a moment ago: every write re-reads and checks what it changes under its
    own row locks).
    """
    if prepared is not None and prepared.result is not None:
        stored = _store_ahead(ctx, conversation_id, text, customer_id, prepared, prepared.result)
        if stored is not None:
            return stored
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
    assistant_ctx = ServiceContext(ctx.session, ctx.clock, ASSISTANT, ctx.policy)
    unmoved = prepared is not None and prepared.version == conv.version
    reading, view = (prepared.reading, prepared.view) if unmoved and prepared else (None, None)
    state = ConversationState.from_json(conv.state)
    records = RecordsAdapter(assistant_ctx, view)
    result = engine_of().turn(state, text, conv.customer_id, records, ctx.today(), reading)
    if result.trace.get("guard"):
        return Posted(conv, result.replies, result)  # unreadable input changes nothing
    append_message(ctx, conv, "customer", text, result.state.language)
    for reply in result.replies:
        append_message(ctx, conv, "assistant", reply.text, reply.language)
    for name, value in _after_turn(result, ctx.now()).items():
        setattr(conv, name, value)
    ctx.session.flush()
    _audit_turn(assistant_ctx, conv.id, conv.customer_id, result)
    return Posted(conv, result.replies, result)


def _after_turn(result: TurnResult, now: datetime) -> dict[str, Any]:
    """Return what a turn changes on its conversation (column: value)."""
    state = result.state
    values: dict[str, Any] = {
        "state": state.to_json(),
        "status": state.status,
        "language": state.language,
        "updated_at": now,
    }
    if result.intent:
        values["last_intent"] = result.intent
    if result.handoff is not None:
        values.update(handoff=dict(result.handoff), handed_over_at=now)
    if state.status == "closed":
        values["closed_at"] = now
    return values


def _store_ahead(
    ctx: ServiceContext,
    conversation_id: str,
    text: str,
    customer_id: str | None,
    prepared: Prepared,
    result: TurnResult,
) -> Posted | None:
    """Store a turn worked out before the transaction, if the conversation is still at the
    version it was worked out on (and still the customer's); None when it has moved.

    One conditional UPDATE checks and takes the row: the write lock is held for a few
    statements, not for the turn's work.
    """
    if result.trace.get("guard"):
        return None  # unreadable input changes nothing, once the conversation is checked
    now = ctx.now()
    state = result.state
    said = [("customer", text, state.language)]
    said += [("assistant", reply.text, reply.language) for reply in result.replies]
    values = _after_turn(result, now)
    values.update(last_seq=prepared.last_seq + len(said), version=prepared.version + 1)
    checks = [Conversation.id == conversation_id, Conversation.version == prepared.version]
    if customer_id is not None:
        checks.append(Conversation.customer_id == customer_id)
    moved = update(Conversation).where(*checks).values(**values)
    found = ctx.session.execute(moved.execution_options(synchronize_session=False))
    if getattr(found, "rowcount", 0) != 1:
        return None
    rows = [
        {
            "conversation_id": conversation_id,
            "seq": prepared.last_seq + i,
            "role": role,
            "text": message,
            "language": language,
            "author_id": None,
            "created_at": now,
        }
        for i, (role, message, language) in enumerate(said, start=1)
    ]
    ctx.session.execute(insert(Message), rows)
    owner = prepared.view.id if prepared.view is not None else customer_id
    assistant_ctx = ServiceContext(ctx.session, ctx.clock, ASSISTANT, ctx.policy)
    _audit_turn(assistant_ctx, conversation_id, owner, result)
    if prepared.logs is not None:
        prepared.logs.write()
    return Posted(None, result.replies, result)


def _audit_turn(
    ctx: ServiceContext, conversation_id: str, customer_id: str | None, result: TurnResult
) -> None:
    """Record a turn, and the handover when it made one, in the audit log."""
    details: dict[str, Any] = {
        **result.trace,
        "intent": result.intent,
        "actions": [a["type"] for a in result.actions],
    }
    record(
        ctx,
        "conversation.turn",
        "conversation",
        conversation_id,
        customer_id=customer_id,
        details=details,
    )
    if result.handoff is not None:
        record(
            ctx,
            "conversation.handed_over",
            "conversation",
            conversation_id,
            customer_id=customer_id,
            after={"reason": result.handoff["reason"], "queue": result.handoff["queue"]},
        )


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
