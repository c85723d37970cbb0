"""The audit log: written with each change in the same transaction, and append-only."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from ridgeline.audit.models import AuditEntry
from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.lending.returns import report_return
from ridgeline.sandbox.service import load
from tests.factories import customer, document, order


def _seed(db: Database, clock: SettableClock) -> None:
    with db.writer() as s:
        load(s, document(customers=[customer()], orders=[order()]), clock)
        s.commit()


def test_each_change_is_audited_with_actor_and_before_after(
    db: Database, clock: SettableClock
) -> None:
    _seed(db, clock)
    with db.writer() as s:
        report_return(ServiceContext(s, clock, Actor("agent", "A9")), "O1")
        s.commit()
    with db.reader() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [(e.action, e.actor_type, e.actor_id) for e in entries]
    assert actions == [("plan.paused", "agent", "A9"), ("case.opened", "agent", "A9")]
    assert entries[0].before is not None and entries[0].before["status"] == "active"
    assert entries[0].after is not None and entries[0].after["status"] == "paused"


def test_a_change_rolled_back_leaves_no_audit_and_no_change(
    db: Database, clock: SettableClock
) -> None:
    _seed(db, clock)
    with db.writer() as s:
        report_return(ServiceContext(s, clock, Actor("assistant")), "O1")
        s.rollback()
    with db.reader() as s:
        assert s.scalars(select(AuditEntry)).all() == []
        status = s.execute(text("SELECT status FROM plans WHERE order_id = 'O1'")).scalar_one()
        assert status == "active"


def test_the_database_refuses_to_edit_or_delete_audit_entries(
    db: Database, clock: SettableClock
) -> None:
    _seed(db, clock)
    with db.writer() as s:
        report_return(ServiceContext(s, clock, Actor("assistant")), "O1")
        s.commit()
    for statement in ("UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"):
        with db.writer() as s, pytest.raises(DatabaseError, match="append-only"):
            s.execute(text(statement))
            s.flush()
