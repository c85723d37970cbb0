"""Storing a conversation's opening and a turn worked out ahead: all or nothing, and only on
the version of the conversation the turn was worked out on (one statement on PostgreSQL, one
transaction on SQLite)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.audit import service as audit
from ridgeline.audit.models import AuditEntry
from ridgeline.conversations import service, store
from ridgeline.conversations.models import Conversation, Message
from ridgeline.conversations.repository import conversation_view
from ridgeline.kit.db import Database
from ridgeline.policy import DEFAULT_POLICY
from ridgeline.records.views import customer_view
from tests.assistant.conftest import PAID2
from tests.factories import NOW, customer, document, order, seed


@pytest.fixture
def opened(db: Database, clock: Any) -> str:
    """Open a conversation of C1 (whose order is half paid); return its id."""
    seed(
        db, clock, document(customers=[customer(), customer("C2")], orders=[order(statuses=PAID2)])
    )
    engine = Engine(ScriptedUnderstanding({}))
    return service.start(db, clock, engine, "C1", "web", "en-GB").id


def _turn(conversation_id: str, seen: int, owner: str | None = None) -> store.TurnRows:
    """A turn of two messages after the opening's one, worked out on version `seen`."""
    said = [("customer", "When is my next payment?"), ("assistant", "On 10 April.")]
    return store.TurnRows(
        conversation_id,
        seen,
        owner,
        {"last_intent": "next_payment", "updated_at": NOW, "last_seq": 3, "version": seen + 1},
        [
            {
                "conversation_id": conversation_id,
                "seq": seq,
                "role": role,
                "text": text,
                "language": "en",
                "created_at": NOW,
            }
            for seq, (role, text) in enumerate(said, start=2)
        ],
        [
            audit.columns(
                service.ASSISTANT,
                NOW,
                "conversation.turn",
                "conversation",
                conversation_id,
                customer_id="C1",
                details={"intent": "next_payment"},
            )
        ],
    )


def _stored(db: Database, conversation_id: str) -> tuple[Any, list[str], list[str]]:
    """Return the conversation's (version, last_seq, last_intent), its messages and audit."""
    with db.reader() as s:
        row = s.execute(
            select(Conversation.version, Conversation.last_seq, Conversation.last_intent).where(
                Conversation.id == conversation_id
            )
        ).one()
        texts = s.scalars(
            select(Message.text)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.seq)
        ).all()
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity_id == conversation_id)
            .order_by(AuditEntry.id)
        ).all()
    return tuple(row), list(texts), list(actions)


def test_an_opening_is_stored_whole(db: Database, opened: str) -> None:
    version, texts, actions = _stored(db, opened)
    assert version == (1, 1, None)
    assert len(texts) == 1 and "AI" in texts[0]  # the disclosure comes first
    assert actions == ["conversation.started"]


def test_a_turn_is_stored_on_the_version_it_was_worked_out_on(db: Database, opened: str) -> None:
    assert store.store_turn(db, _turn(opened, seen=1))
    version, texts, actions = _stored(db, opened)
    assert version == (2, 3, "next_payment")
    assert texts[1:] == ["When is my next payment?", "On 10 April."]
    assert actions == ["conversation.started", "conversation.turn"]


def test_a_turn_worked_out_on_an_older_version_stores_nothing(db: Database, opened: str) -> None:
    assert store.store_turn(db, _turn(opened, seen=1))
    before = _stored(db, opened)
    assert not store.store_turn(db, _turn(opened, seen=1))  # a second message, sent at once
    assert _stored(db, opened) == before


def test_a_turn_on_another_customers_conversation_stores_nothing(db: Database, opened: str) -> None:
    before = _stored(db, opened)
    assert not store.store_turn(db, _turn(opened, seen=1, owner="C2"))
    assert _stored(db, opened) == before
    assert store.store_turn(db, _turn(opened, seen=1, owner="C1"))


def test_a_turn_that_fails_midway_leaves_no_part_of_itself(db: Database, opened: str) -> None:
    """A message numbered like one already stored breaks the unique (conversation, seq): the
    conversation's new version and the audit entry go with it."""
    before = _stored(db, opened)
    clashing = _turn(opened, seen=1)
    clashing.messages[0]["seq"] = 1  # the opening's disclosure has it
    with pytest.raises(IntegrityError):
        store.store_turn(db, clashing)
    assert _stored(db, opened) == before


def test_a_conversation_and_its_customers_view_are_read_together(db: Database, opened: str) -> None:
    with db.reader() as s:
        found = conversation_view(s, opened, DEFAULT_POLICY)
        assert found is not None
        row, view = found
        assert view == customer_view(s, "C1", DEFAULT_POLICY)
        assert (row.customer_id, row.status, row.version, row.last_seq) == ("C1", "assistant", 1, 1)
        assert row.state["language"] == "en"
        assert conversation_view(s, "CONV-none", DEFAULT_POLICY) is None
