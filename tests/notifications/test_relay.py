"""The relay: pending messages go to the sender after commit and are marked sent; a failing
sender leaves them pending; `ridgeline notify relay --once` does one pass."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ridgeline.audit.models import AuditEntry
from ridgeline.cli.main import app
from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.notifications import repository
from ridgeline.notifications.models import OutboxMessage
from ridgeline.notifications.relay import Outgoing, SandboxSender, mask, relay_pending
from ridgeline.notifications.service import send_code
from tests.factories import NOW, customer, document, seed

runner = CliRunner()


class Recorder:
    """A sender that keeps what it was given (or fails, when told to)."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.delivered: list[Outgoing] = []

    def deliver(self, message: Outgoing) -> None:
        if self.fail:
            raise ConnectionError("provider unreachable")
        self.delivered.append(message)


def _queue(db: Database, clock: SettableClock, *codes: str) -> list[str]:
    """Queue one code message per code, a minute apart; return their ids."""
    ids = []
    with db.writer() as session:
        for code in codes:
            ctx = ServiceContext(session, clock, Actor("assistant"))
            ids.append(send_code(ctx, "C1", "unlock", code, 10).id)
            clock.advance(timedelta(minutes=1))
        session.commit()
    return ids


def _rows(db: Database) -> dict[str, OutboxMessage]:
    with db.reader() as session:
        return {m.id: m for m in repository.for_customer(session, "C1")}


@pytest.fixture
def queued(db: Database, clock: SettableClock) -> list[str]:
    seed(db, clock, document(customers=[customer()]))
    return _queue(db, clock, "111111", "222222")


def test_the_relay_delivers_oldest_first_and_marks_sent(
    db: Database, clock: SettableClock, queued: list[str]
) -> None:
    sender = Recorder()
    report = relay_pending(db, sender, clock)
    assert (report.sent, report.failed) == (2, 0)
    assert [m.id for m in sender.delivered] == queued
    assert "111111" in sender.delivered[0].body
    rows = _rows(db)
    assert {rows[i].status for i in queued} == {"sent"}
    assert {rows[i].sent_at for i in queued} == {clock.now()}
    assert all(r.sent_at is not None and r.sent_at.tzinfo is not None for r in rows.values())
    again = relay_pending(db, sender, clock)
    assert (again.sent, len(sender.delivered)) == (0, 2)  # sent once only
    with db.reader() as session:
        sent = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "notification.sent")
        ).all()
    assert sorted(e.entity_id for e in sent) == sorted(queued)
    assert {e.actor_type for e in sent} == {"system"}


def test_a_failing_sender_leaves_messages_pending(
    db: Database, clock: SettableClock, queued: list[str]
) -> None:
    report = relay_pending(db, Recorder(fail=True), clock)
    assert (report.sent, report.failed) == (0, 2)
    assert {m.status for m in _rows(db).values()} == {"pending"}
    later = relay_pending(db, Recorder(), clock)
    assert later.sent == 2


def test_the_relay_takes_a_batch_at_a_time(
    db: Database, clock: SettableClock, queued: list[str]
) -> None:
    sender = Recorder()
    assert relay_pending(db, sender, clock, limit=1).sent == 1
    assert [m.id for m in sender.delivered] == queued[:1]
    assert relay_pending(db, sender, clock, limit=1).sent == 1
    assert [m.id for m in sender.delivered] == queued


def test_a_message_another_relay_sent_is_not_claimed(
    db: Database, clock: SettableClock, queued: list[str]
) -> None:
    relay_pending(db, Recorder(), clock, limit=1)
    with db.writer() as session:
        assert repository.claim_pending(session, queued[0]) is None
        assert repository.claim_pending(session, queued[1]) is not None
        session.rollback()


def test_a_code_that_has_expired_is_marked_expired_and_never_delivered(
    db: Database, clock: SettableClock, queued: list[str]
) -> None:
    """Codes live 10 minutes; the second was queued a minute after the first, and the clock
    stands a minute after the second."""
    with db.reader() as session:
        first = repository.get(session, queued[0])
        assert first is not None and first.expires_at == first.created_at + timedelta(minutes=10)
    clock.advance(timedelta(minutes=8, seconds=30))  # the first is 10.5 minutes old, the second 9.5
    sender = Recorder()
    report = relay_pending(db, sender, clock)
    assert (report.sent, report.failed, report.expired) == (1, 0, 1)
    assert [m.id for m in sender.delivered] == queued[1:]
    rows = _rows(db)
    assert (rows[queued[0]].status, rows[queued[0]].sent_at) == ("expired", None)
    assert rows[queued[1]].status == "sent"
    with db.reader() as session:
        expired = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "notification.expired")
        ).all()
    assert [e.entity_id for e in expired] == queued[:1]
    assert relay_pending(db, sender, clock).expired == 0  # settled once


def test_a_code_is_delivered_until_the_moment_it_expires(
    db: Database, clock: SettableClock, queued: list[str]
) -> None:
    clock.advance(timedelta(minutes=8))  # the first code's last moment: 10 minutes old
    report = relay_pending(db, Recorder(), clock)
    assert (report.sent, report.expired) == (2, 0)


def test_the_sandbox_sender_logs_without_the_code_unless_asked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    message = Outgoing("MSG-1", "C1", "sms", "+447700900123", "unlock", "en", "code 654321", NOW)
    caplog.set_level(logging.INFO, logger="ridgeline")
    SandboxSender().deliver(message)
    SandboxSender(show_body=True).deliver(message)
    quiet, loud = (json.loads(r.getMessage()) for r in caplog.records)
    assert quiet["event"] == "notifications.delivered" and quiet["recipient"] == "***0123"
    assert "body" not in quiet and "654321" not in json.dumps(quiet)
    assert loud["body"] == "code 654321"
    assert mask("amelie@example.fr") == "a***@example.fr"


def test_the_relay_command_delivers_once(
    db: Database, clock: SettableClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The command runs on the real clock: codes queued a moment ago are delivered, and one
    queued on the fixtures' date (long past) has expired."""
    seed(db, clock, document(customers=[customer()]))
    [stale] = _queue(db, clock, "000000")
    queued = _queue(db, SettableClock(datetime.now(UTC)), "111111", "222222")
    caplog.set_level(logging.INFO, logger="ridgeline")
    result = runner.invoke(app, ["notify", "relay", "--once", "--database-url", db.url])
    assert result.exit_code == 0, result.output
    assert "relayed 2 message(s), 0 failed, 1 expired unsent" in result.output
    assert _rows(db)[stale].status == "expired"
    assert {_rows(db)[i].status for i in queued} == {"sent"}
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "ridgeline"]
    assert [e["message_id"] for e in events if e["event"] == "notifications.delivered"] == queued
    nothing = runner.invoke(app, ["notify", "relay", "--once", "--database-url", db.url])
    assert "relayed 0 message(s)" in nothing.output


def test_the_relay_command_refuses_bad_options() -> None:
    result = runner.invoke(app, ["notify", "relay", "--once", "--batch", "0"])
    assert result.exit_code == 2
