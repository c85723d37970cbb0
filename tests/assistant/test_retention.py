"""Retention: a conversation's words go after 6 months without activity, a complaint record's
after 3 years, and never while a person holds it; the row, its figures and the audit stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.audit.models import AuditEntry
from ridgeline.cases.service import open_case
from ridgeline.cli.main import app
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import retention, service
from ridgeline.conversations.messages import handle_message
from ridgeline.conversations.models import Conversation, Message
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.policy import DEFAULT_POLICY
from tests.assistant.conftest import PAID2
from tests.factories import NOW, customer, document, order, seed

PERSON = "I want to talk to a person"
SCRIPT = {
    PERSON: Reading(
        language="en", intents=(("human_agent", 0.97),), out_of_scope=False, model="scripted"
    ),
    "When is my next payment?": Reading(
        language="en", intents=(("next_payment", 0.97),), out_of_scope=False, model="scripted"
    ),
}
SIX_MONTHS = timedelta(days=DEFAULT_POLICY.conversation_retention_days)
THREE_YEARS = timedelta(days=DEFAULT_POLICY.complaint_retention_days)
DAY = timedelta(days=1)


@pytest.fixture
def engine(db: Database, clock: SettableClock) -> Engine:
    seed(db, clock, document(customers=[customer()], orders=[order(statuses=PAID2)]))
    return Engine(ScriptedUnderstanding(SCRIPT))


def _chat(db: Database, clock: SettableClock, engine: Engine, *said: str) -> str:
    """Open a conversation of C1 now, say `said`; return its id."""
    opened = service.start(db, clock, engine, "C1", "web", "en-GB")
    for text in said:
        handle_message(db, clock, lambda: engine, opened.id, text, "C1")
    return opened.id


def _run(db: Database, clock: SettableClock, *, apply: bool = True) -> retention.Report:
    return retention.run(db, clock, DEFAULT_POLICY, apply=apply, limit=100)


def _row(db: Database, conversation_id: str) -> tuple[Conversation, list[Message]]:
    with db.reader() as s:
        conv = s.get(Conversation, conversation_id)
        assert conv is not None
        messages = list(
            s.scalars(select(Message).where(Message.conversation_id == conversation_id))
        )
        return conv, messages


def test_a_conversation_keeps_its_words_six_months_then_loses_them(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    conversation = _chat(db, clock, engine, "When is my next payment?")
    clock.advance(SIX_MONTHS - DAY)
    assert _run(db, clock) == retention.Report(due=0, complaints=0, erased=0)
    clock.advance(2 * DAY)
    assert _run(db, clock, apply=False) == retention.Report(due=1, complaints=0, erased=0)
    assert len(_row(db, conversation)[1]) == 3  # a dry run changes nothing
    assert _run(db, clock) == retention.Report(due=1, complaints=0, erased=1)
    conv, messages = _row(db, conversation)
    assert messages == []
    assert conv.status == "closed" and conv.erased_at == clock.now()
    assert "next payment" not in str(conv.state)
    assert conv.last_intent == "next_payment"  # the figures stay
    with db.reader() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "conversation.erased")
        ).one()
    assert entry.entity_id == conversation
    assert entry.details == {"rule": "conversation", "kept_days": 183, "messages": 3, "files": 0}
    assert _run(db, clock) == retention.Report(due=0, complaints=0, erased=0)  # once


def test_an_erased_conversation_takes_no_more_messages(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    conversation = _chat(db, clock, engine)
    clock.advance(SIX_MONTHS + DAY)
    _run(db, clock)
    with pytest.raises(Exception, match="closed"):
        handle_message(db, clock, lambda: engine, conversation, "When is my next payment?", "C1")


@pytest.mark.parametrize("signal", ["last_intent", "handoff", "case"])
def test_a_complaint_record_is_kept_three_years(
    db: Database, clock: SettableClock, engine: Engine, signal: str
) -> None:
    conversation = _chat(db, clock, engine, "When is my next payment?")
    with db.transaction() as session:
        if signal == "case":
            open_case(ServiceContext(session, clock, Actor("assistant")), "C1", "complaint")
        else:
            value = (
                {"handoff": {"reason": "complaint", "queue": "complaints", "summary": "s"}}
                if signal == "handoff"
                else {"last_intent": "complaint"}
            )
            session.execute(
                update(Conversation).where(Conversation.id == conversation).values(**value)
            )
    clock.advance(SIX_MONTHS + DAY)
    assert _run(db, clock).erased == 0
    clock.advance(THREE_YEARS - SIX_MONTHS)
    assert _run(db, clock) == retention.Report(due=1, complaints=1, erased=1)
    conv, messages = _row(db, conversation)
    assert messages == [] and conv.erased_at is not None
    if signal == "handoff":
        assert conv.handoff == {"reason": "complaint", "queue": "complaints", "summary": ""}


def test_a_complaint_case_of_another_time_does_not_make_a_complaint_record(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    conversation = _chat(db, clock, engine)
    clock.advance(DAY)
    with db.transaction() as session:
        open_case(ServiceContext(session, clock, Actor("agent", "A1")), "C1", "complaint")
    clock.advance(SIX_MONTHS)
    assert _run(db, clock) == retention.Report(due=1, complaints=0, erased=1)
    assert _row(db, conversation)[0].erased_at is not None


def test_a_conversation_a_person_holds_is_never_erased(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    conversation = _chat(db, clock, engine, PERSON)
    assert _row(db, conversation)[0].status == "waiting_for_human"
    clock.advance(THREE_YEARS + DAY)
    assert _run(db, clock).due == 0
    assert len(_row(db, conversation)[1]) == 3


def test_a_conversation_that_came_back_to_life_keeps_its_words(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    conversation = _chat(db, clock, engine)
    clock.advance(SIX_MONTHS + DAY)
    with db.reader() as s:
        [item] = retention.due(s, clock.now(), DEFAULT_POLICY, 10)
    # the customer writes again before the erasure runs
    handle_message(db, clock, lambda: engine, conversation, "When is my next payment?", "C1")
    with db.transaction() as session:
        assert not retention.erase(ServiceContext(session, clock), item)
    assert len(_row(db, conversation)[1]) == 3


def test_the_command_counts_without_apply_and_erases_with_it(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    """The command runs on the real clock; the fixtures' conversations are long past."""
    clock.set(NOW - 2 * SIX_MONTHS)
    _chat(db, clock, engine)
    runner = CliRunner()
    dry = runner.invoke(app, ["retention", "run", "--database-url", db.url])
    assert dry.exit_code == 0, dry.output
    assert "1 conversation(s) past retention (0 complaint record(s)); 0 erased (dry run" in (
        dry.output
    )
    done = runner.invoke(app, ["retention", "run", "--apply", "--database-url", db.url])
    assert "1 conversation(s) past retention (0 complaint record(s)); 1 erased" in done.output
    again = runner.invoke(app, ["retention", "run", "--apply", "--database-url", db.url])
    assert again.output.startswith("0 conversation(s)")
    clock.set(NOW - 3 * SIX_MONTHS)
    _chat(db, clock, engine)
    _chat(db, clock, engine)
    counted = runner.invoke(app, ["retention", "run", "--batch", "1", "--database-url", db.url])
    assert counted.output.startswith("1 or more conversation(s) past retention")


def test_a_complaint_record_still_kept_does_not_hold_up_the_others(
    db: Database, clock: SettableClock, engine: Engine
) -> None:
    kept = _chat(db, clock, engine)
    with db.transaction() as session:
        session.execute(
            update(Conversation).where(Conversation.id == kept).values(last_intent="complaint")
        )
    clock.advance(DAY)
    first = _chat(db, clock, engine)
    clock.advance(DAY)
    second = _chat(db, clock, engine)
    clock.advance(SIX_MONTHS + DAY)
    with db.reader() as s:
        assert retention.due(s, clock.now(), DEFAULT_POLICY, 1) == [
            retention.Due(first, "conversation")
        ]
        assert [d.conversation_id for d in retention.due(s, clock.now(), DEFAULT_POLICY, 5)] == [
            first,
            second,
        ]
