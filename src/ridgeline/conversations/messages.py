"""Handle a customer message: the one way a message reaches the assistant and is stored.

`handle_message` runs a message in two halves, and every caller (the HTTP route, the desk's
demo, the command line, the tests) goes through them:

1. `understand`, on a read-only session and outside any lock: read the conversation and the
   customer's records in one batch, understand the message, and work out the turn on records
   that refuse to write. Most turns only read (they answer, ask, or confirm what they are about
   to do), so most turns are complete here.
2. `keep`: store the turn in one transaction with Core statements (`store`): the conversation's
   new columns, checked against the version it was worked out on, its messages and its audit
   entries. A turn that came to a writing tool, or whose conversation moved meanwhile, runs
   again under the conversation's row lock, reusing the reading when it still applies; its tools
   write through the domain services (the ORM), and its rows are stored by the same statements
   in the same transaction. Two messages sent at once to one conversation queue on the lock or
   fail the version check, so a confirmation can never be used twice.

The HTTP route runs the two halves in its lanes (`http.deps.Lanes`), so that the model never
waits for the database's writer and writers queue on the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ridgeline.assistant.engine import Engine, Reply, TurnResult
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.views import CustomerView
from ridgeline.audit import service as audit
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import repository, store
from ridgeline.conversations.service import ASSISTANT, message_row
from ridgeline.kit.clock import Clock
from ridgeline.kit.db import Database
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.logs import HeldLogs, held_logs
from ridgeline.policy import DEFAULT_POLICY, Policy
from ridgeline.records.adapter import RecordsAdapter, WriteNeededError

EngineOf = Callable[[], Engine]


@dataclass(frozen=True)
class Posted:
    """What a customer message produced."""

    status: str  # the conversation's status after the message
    replies: list[Reply]
    result: TurnResult | None  # None while a person holds the conversation
    under_lock: bool = False  # the turn ran (again) under the conversation's lock


@dataclass(frozen=True)
class Prepared:
    """A message understood, and its turn worked out, before the turn's transaction.

    The model never runs under a lock, and neither does a turn that changes no records: `keep`
    then checks that the conversation has not moved and stores what was worked out, which keeps
    SQLite's one-writer-at-a-time lock short.
    """

    reading: Reading | None
    view: CustomerView | None = None
    result: TurnResult | None = None  # the whole turn, when it writes nothing to the records
    logs: HeldLogs | None = None  # the turn's log events, written if the turn is kept
    # The conversation's version (bumped by every change of it) and last message when read;
    # version 0 is no version at all, so nothing prepared without reading it is ever used.
    version: int = 0
    last_seq: int = 0


def handle_message(
    db: Database,
    clock: Clock,
    engine_of: EngineOf,
    conversation_id: str,
    text: str,
    customer_id: str | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Posted:
    """Run one customer message and store its turn.

    `customer_id`, when given, must own the conversation (a customer's token); otherwise any
    conversation will do (staff).
    """
    prepared = understand(db, clock, engine_of, conversation_id, text, customer_id, policy)
    return keep(db, clock, engine_of, conversation_id, text, customer_id, prepared, policy)


def understand(
    db: Database,
    clock: Clock,
    engine_of: EngineOf,
    conversation_id: str,
    text: str,
    customer_id: str | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Prepared:
    """Understand a message and work out its turn on a read-only session, outside the lock."""
    with db.reader() as session:
        return _understand(session, clock, policy, engine_of, conversation_id, text, customer_id)


def _understand(
    session: Session,
    clock: Clock,
    policy: Policy,
    engine_of: EngineOf,
    conversation_id: str,
    text: str,
    customer_id: str | None,
) -> Prepared:
    found = repository.conversation_view(session, conversation_id, policy)
    if found is None:
        return Prepared(None)
    conv, view = found
    if conv.status != "assistant":
        return Prepared(None)  # the engine is asked for only when the assistant holds it
    if customer_id is not None and conv.customer_id != customer_id:
        return Prepared(None)  # the transaction answers that it does not exist
    engine = engine_of()
    today = clock.now().date()
    state = ConversationState.from_json(conv.state, conv.status)
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


def keep(
    db: Database,
    clock: Clock,
    engine_of: EngineOf,
    conversation_id: str,
    text: str,
    customer_id: str | None,
    prepared: Prepared,
    policy: Policy = DEFAULT_POLICY,
) -> Posted:
    """Store the turn worked out ahead, or run it again if its conversation has moved.

    The turn worked out ahead is stored if its conversation has not moved; otherwise the turn
    runs under the conversation's lock and is stored in the same transaction.
    """
    result = prepared.result
    if result is not None and not result.trace.get("guard"):
        owner = prepared.view.id if prepared.view is not None else customer_id
        rows = _turn_rows(
            conversation_id, prepared.version, prepared.last_seq, customer_id, owner, text, result,
            clock.now(),
        )  # fmt: skip
        if store.store_turn(db, rows):
            if prepared.logs is not None:
                prepared.logs.write()
            return Posted(result.state.status, result.replies, result)
    with db.transaction() as session:
        ctx = ServiceContext(session, clock, Actor("customer", customer_id), policy)
        return _under_lock(ctx, engine_of, conversation_id, text, customer_id, prepared)


def _under_lock(
    ctx: ServiceContext,
    engine_of: EngineOf,
    conversation_id: str,
    text: str,
    customer_id: str | None,
    prepared: Prepared,
) -> Posted:
    """Run the turn on the locked conversation, writing records through the services.

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
    now = ctx.now()
    if conv.status in ("waiting_for_human", "with_human"):
        said = [message_row(conv.id, conv.last_seq + 1, "customer", text, None, now)]
        changes = {"updated_at": now, "last_seq": conv.last_seq + 1, "version": conv.version + 1}
        rows = store.TurnRows(conv.id, conv.version, None, changes, said, [])
        _write(ctx, rows)
        return Posted(conv.status, [], None, under_lock=True)
    unmoved = prepared.version == conv.version
    reading, view = (prepared.reading, prepared.view) if unmoved else (None, None)
    state = ConversationState.from_json(conv.state, conv.status)
    records = RecordsAdapter(ServiceContext(ctx.session, ctx.clock, ASSISTANT, ctx.policy), view)
    result = engine_of().turn(state, text, conv.customer_id, records, ctx.today(), reading)
    if result.trace.get("guard"):
        return Posted(conv.status, result.replies, result, under_lock=True)  # changes nothing
    ctx.session.flush()  # the tools' writes, before the turn's own rows
    rows = _turn_rows(
        conv.id, conv.version, conv.last_seq, None, conv.customer_id, text, result, now
    )
    _write(ctx, rows)
    return Posted(result.state.status, result.replies, result, under_lock=True)


def answer_stored(
    db: Database,
    clock: Clock,
    engine_of: EngineOf,
    conversation_id: str,
    seq: int,
    policy: Policy = DEFAULT_POLICY,
) -> Posted | None:
    """Run the assistant's turn for customer message `seq`, already in the transcript.

    The desk calls it when a person gives a conversation back while the customer's last message
    has had no answer from the assistant (it came while a person held the chat). The turn runs
    under the conversation's lock like any turn that writes; its replies and audit entry are
    stored after the transcript, and the customer's message is not stored again. None when the
    assistant does not hold the conversation, or message `seq` is not the customer's.
    """
    with db.transaction() as session:
        ctx = ServiceContext(session, clock, Actor("customer", None), policy)
        conv = repository.lock(session, conversation_id)
        if conv is None or conv.status != "assistant":
            return None
        said = next((m for m in conv.messages if m.seq == seq), None)
        if said is None or said.role != "customer":
            return None
        state = ConversationState.from_json(conv.state, conv.status)
        records = RecordsAdapter(ServiceContext(session, clock, ASSISTANT, policy), None)
        result = engine_of().turn(state, said.text, conv.customer_id, records, ctx.today(), None)
        if result.trace.get("guard"):
            return Posted(conv.status, result.replies, result, under_lock=True)
        session.flush()  # the tools' writes, before the turn's own rows
        # Numbered as if the message came now, then left out: the replies follow the transcript.
        rows = _turn_rows(
            conv.id, conv.version, conv.last_seq - 1, None, conv.customer_id, said.text, result,
            ctx.now(),
        )  # fmt: skip
        _write(ctx, replace(rows, messages=rows.messages[1:]))
        return Posted(result.state.status, result.replies, result, under_lock=True)


def _write(ctx: ServiceContext, rows: store.TurnRows) -> None:
    """Write a turn's rows in the transaction of `ctx`, which holds the conversation's lock."""
    session = ctx.session
    postgres = session.get_bind().dialect.name == "postgresql"
    if not store.write_turn(session.connection(), rows, postgres=postgres):
        raise RuntimeError(f"conversation {rows.conversation_id} moved under its lock")
    session.expire_all()  # what the statements wrote wins over what the session holds


def _turn_rows(
    conversation_id: str,
    seen: int,
    last_seq: int,
    customer_id: str | None,
    owner: str | None,
    text: str,
    result: TurnResult,
    now: datetime,
) -> store.TurnRows:
    """Return the rows a turn stores.

    They are the conversation's new columns (the next version), the customer's message and the
    replies, and the audit entries.
    """
    state = result.state
    said = [("customer", text, state.language)]
    said += [("assistant", reply.text, reply.language) for reply in result.replies]
    changes = _after_turn(result, now)
    changes.update(last_seq=last_seq + len(said), version=seen + 1)
    return store.TurnRows(
        conversation_id,
        seen,
        customer_id,
        changes,
        [
            message_row(conversation_id, last_seq + i, role, message, language, now)
            for i, (role, message, language) in enumerate(said, start=1)
        ],
        _turn_entries(conversation_id, owner, result, now),
    )


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
