"""Start conversations and run customer turns.

A turn is first worked out on a read-only session (`prepare`). If it changes no records, it is
stored as worked out, in one statement that checks the conversation has not moved since
(`store_ahead`). Otherwise (`post`) it runs under the conversation's row lock: the engine on its
persisted state, the transcript, the new state and the audit entries, all in one transaction.
Two messages sent at once to one conversation queue on the lock or fail the version check, so
a confirmation can never be used twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ridgeline.assistant.engine import Engine, Reply, TurnResult
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.views import CustomerProfile, CustomerView
from ridgeline.audit import service as audit
from ridgeline.audit.models import AuditEntry
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import repository, store
from ridgeline.conversations.models import Conversation, Message
from ridgeline.conversations.records_adapter import RecordsAdapter, WriteNeededError
from ridgeline.conversations.views import conversation_view, customer_profile
from ridgeline.kit.clock import Clock
from ridgeline.kit.db import Database
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.kit.logs import HeldLogs, held_logs
from ridgeline.policy import Policy

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
        messages=[_message(conversation_id, 1, "assistant", reply.text, reply.language, now)],
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


def _message(
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
    turns only read): `store_ahead` then checks that the conversation has not moved and stores
    what was worked out, which keeps SQLite's one-writer-at-a-time lock short.
    """

    reading: Reading | None
    view: CustomerView | None = None
    result: TurnResult | None = None  # the whole turn, when it writes nothing to the records
    logs: HeldLogs | None = None  # the turn's log events, written if the turn is kept
    # The conversation's version (bumped by every change of it) and last message when read;
    # version 0 is no version at all, so nothing prepared without reading it is ever used.
    version: int = 0
    last_seq: int = 0


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
    found = conversation_view(session, conversation_id, policy)
    if found is None:
        return Prepared(None)
    conv, view = found
    if conv.status != "assistant":
        return Prepared(None)
    if customer_id is not None and conv.customer_id != customer_id:
        return Prepared(None)  # the transaction answers that it does not exist
    engine = engine_of()
    today = clock.now().date()
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

    The reading prepared before the lock, and the customer view it was read with, are used
    only if the conversation has not moved since (the records as of a moment ago: every write
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
    ctx.session.add_all(
        AuditEntry(**entry) for entry in _turn_entries(conv.id, conv.customer_id, result, ctx.now())
    )
    ctx.session.flush()
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


def store_ahead(
    db: Database,
    clock: Clock,
    conversation_id: str,
    text: str,
    customer_id: str | None,
    prepared: Prepared,
) -> Posted | None:
    """Store a turn worked out before its transaction, if the conversation is still at the
    version it was worked out on (and still the customer's); None when there is no such turn or
    the conversation has moved: `post` then runs the turn under the conversation's lock.

    The conversation's row is checked and changed by one conditional UPDATE, stored with the
    turn's messages and audit entries in one statement (`store`): no lock is held for the
    turn's work, and on PostgreSQL the whole store is one round trip.
    """
    result = prepared.result
    if result is None or result.trace.get("guard"):
        return None  # unreadable input changes nothing, once the conversation is checked
    now = clock.now()
    state = result.state
    said = [("customer", text, state.language)]
    said += [("assistant", reply.text, reply.language) for reply in result.replies]
    changes = _after_turn(result, now)
    changes.update(last_seq=prepared.last_seq + len(said), version=prepared.version + 1)
    owner = prepared.view.id if prepared.view is not None else customer_id
    turn = store.TurnRows(
        conversation_id,
        prepared.version,
        customer_id,
        changes,
        [
            _message(conversation_id, prepared.last_seq + i, role, message, language, now)
            for i, (role, message, language) in enumerate(said, start=1)
        ],
        _turn_entries(conversation_id, owner, result, now),
    )
    if not store.store_turn(db, turn):
        return None
    if prepared.logs is not None:
        prepared.logs.write()
    return Posted(None, result.replies, result)


def _turn_entries(
    conversation_id: str, customer_id: str | None, result: TurnResult, now: datetime
) -> list[dict[str, Any]]:
    """Return the audit entries of a turn: the turn, and the handover when it made one."""
    details: dict[str, Any] = {
        **result.trace,
        "intent": result.intent,
        "actions": [a["type"] for a in result.actions],
    }
    entries = [
        audit.columns(
            ASSISTANT,
            now,
            "conversation.turn",
            "conversation",
            conversation_id,
            customer_id=customer_id,
            details=details,
        )
    ]
    if result.handoff is not None:
        after = {"reason": result.handoff["reason"], "queue": result.handoff["queue"]}
        entries.append(
            audit.columns(
                ASSISTANT,
                now,
                "conversation.handed_over",
                "conversation",
                conversation_id,
                customer_id=customer_id,
                after=after,
            )
        )
    return entries


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
