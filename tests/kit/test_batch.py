"""Several SELECTs in one round trip give the rows each would give alone, with the columns'
own result processing (UTC times, JSON)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, select

from ridgeline.audit.models import AuditEntry
from ridgeline.kit.batch import select_all
from ridgeline.kit.db import Database

BY_ACTION = select(AuditEntry.at, AuditEntry.details, AuditEntry.entity_id).where(
    AuditEntry.action == bindparam("action")
)
COUNT_ENTITY = select(AuditEntry.entity_id).where(AuditEntry.entity_type == bindparam("kind"))


def test_rows_of_several_selects_equal_their_rows_one_by_one(db: Database) -> None:
    at = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
    with db.transaction() as session:
        for i in range(3):
            session.add(
                AuditEntry(
                    at=at,
                    actor_type="system",
                    action="batch.test",
                    entity_type="thing",
                    entity_id=f"T{i}",
                    details={"n": i, "word": "été"},
                )
            )
    params = {"action": "batch.test", "kind": "thing"}
    with db.reader() as session:
        connection = session.connection()
        together = select_all(connection, [BY_ACTION, COUNT_ENTITY, BY_ACTION], params)
        alone = [
            [tuple(row) for row in connection.execute(s, params)]
            for s in (BY_ACTION, COUNT_ENTITY, BY_ACTION)
        ]
    assert together == alone
    first = sorted(together[0], key=lambda row: row[2])[0]
    assert first == (at, {"n": 0, "word": "été"}, "T0")
    assert first[0].tzinfo is not None and first[0].utcoffset() is not None
    assert sorted(row[0] for row in together[1]) == ["T0", "T1", "T2"]
