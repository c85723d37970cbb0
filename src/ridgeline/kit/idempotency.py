"""Idempotency keys: the first answer to a request, kept so that a retry gets it back.

A client that does not know whether its request arrived (a timeout, a dropped connection, a
double click) sends it again with the same `Idempotency-Key`. The first request *claims* the key
with an INSERT that fails when the key is taken, before any work; its answer (status, content
type, body) is written to the same row afterwards. A repeat then finds the row:

- with the answer: the answer is given again and nothing runs;
- without one (the first request still runs, or its process died before it could answer):
  `in_progress`, and nothing runs;
- with another body or query (its fingerprint differs): `reused`, and nothing runs.

A key belongs to one caller and one route (`id` is a hash of the three), so two customers
never see each other's answers. Rows expire `TTL` after the claim (24 hours, the contract's
promise) and are deleted by `purge`; an expired key may be claimed again. Times here are the
wall clock, never the sandbox clock: a key's life is real time whatever "now" a test has set.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import Connection, Integer, LargeBinary, String, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import Executable

from ridgeline.kit.db import Base, Database, UTCDateTime

#: How long a key and its answer are kept after the first request.
TTL = timedelta(hours=24)


def wall_clock() -> datetime:
    """Return the wall-clock time in UTC (the life of keys is real time)."""
    return datetime.now(UTC)


class IdempotencyKey(Base):
    """A claimed key of one caller and route, with the first answer once there is one."""

    __tablename__ = "idempotency_keys"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(caller, route, key)
    caller: Mapped[str] = mapped_column(String(100))
    route: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the query and body
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None while it runs
    content_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


def _canonical(body: bytes) -> bytes:
    """Return a JSON body with sorted keys and no spaces (other bodies as they are)."""
    try:
        parsed = json.loads(body)
    except ValueError:  # not JSON (UnicodeDecodeError is a ValueError too)
        return body
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Request:
    """A request that carries a key: who sends it, to which route, with what."""

    caller: str  # "role:subject"
    route: str  # "POST /api/v1/..."
    key: str
    body: bytes
    query: str = ""

    @property
    def id(self) -> str:
        """Return the row id of this caller, route and key."""
        joined = "\0".join((self.caller, self.route, self.key))
        return hashlib.sha256(joined.encode()).hexdigest()

    @property
    def fingerprint(self) -> str:
        """Return the hash of the query and the body (JSON compared by value, not spacing)."""
        return hashlib.sha256(self.query.encode() + b"\0" + _canonical(self.body)).hexdigest()


@dataclass(frozen=True)
class Claim:
    """What claiming a key found: it is ours now, or the first answer, or why not."""

    state: Literal["claimed", "in_progress", "reused", "answered"]
    status: int | None = None
    content_type: str | None = None
    body: bytes | None = None


def _insert(db: Database, request: Request, now: datetime) -> bool:
    """Insert the claim; return False when the key is taken (one statement, no wait)."""
    insert = sqlite_insert if db.is_sqlite else pg_insert
    statement = (
        insert(IdempotencyKey)
        .values(
            id=request.id,
            caller=request.caller[:100],
            route=request.route[:300],
            key=request.key,
            fingerprint=request.fingerprint,
            created_at=now,
            expires_at=now + TTL,
        )
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(IdempotencyKey.id)
    )
    with _writer(db) as connection:
        return connection.execute(statement).first() is not None


def _writer(db: Database) -> AbstractContextManager[Connection]:
    """Return a connection whose statements form one transaction, committed at the end.

    PostgreSQL: autocommit, so one statement is one round trip; SQLite: a short write behind
    the writers' gate.
    """
    engine = db.write_engine if db.is_sqlite else db.autocommit
    return engine.begin()


def _execute(db: Database, statement: Executable) -> int:
    """Run one writing statement as its own transaction; return the rows it touched."""
    with _writer(db) as connection:
        return int(connection.execute(statement).rowcount)


def claim(db: Database, request: Request) -> Claim:
    """Claim `request`'s key before doing its work, or say what holds it (see the module)."""
    for _ in range(3):
        now = wall_clock()
        if _insert(db, request, now):
            return Claim("claimed")
        with db.reader() as session:
            row = session.get(IdempotencyKey, request.id)
            if row is not None:
                session.expunge(row)  # loaded whole: read after the session ends
        if row is None:
            continue  # purged between the two statements: claim again
        if row.expires_at <= now:
            _delete(db, request.id, expired_before=now)
            continue
        if row.fingerprint != request.fingerprint:
            return Claim("reused")
        if row.status is None:
            return Claim("in_progress")
        return Claim("answered", row.status, row.content_type, row.body)
    return Claim("in_progress")  # another request keeps winning the key: it is running


def answer(
    db: Database, request: Request, status: int, content_type: str | None, body: bytes
) -> None:
    """Keep the first answer of a claimed key."""
    statement = (
        update(IdempotencyKey)
        .where(IdempotencyKey.id == request.id, IdempotencyKey.status.is_(None))
        .values(status=status, content_type=(content_type or "")[:100] or None, body=body)
    )
    _execute(db, statement)


def release(db: Database, request: Request) -> None:
    """Give a claimed key back unanswered: the request ran nothing, a retry may run."""
    statement = delete(IdempotencyKey).where(
        IdempotencyKey.id == request.id, IdempotencyKey.status.is_(None)
    )
    _execute(db, statement)


def _delete(db: Database, key_id: str, *, expired_before: datetime) -> None:
    statement = delete(IdempotencyKey).where(
        IdempotencyKey.id == key_id, IdempotencyKey.expires_at <= expired_before
    )
    _execute(db, statement)


def purge(db: Database) -> int:
    """Delete the expired keys; return how many."""
    statement = delete(IdempotencyKey).where(IdempotencyKey.expires_at <= wall_clock())
    return _execute(db, statement)


def find(db: Database, request: Request) -> IdempotencyKey | None:
    """Return the row of `request`'s key, if any (for tests and operators)."""
    with db.reader() as session:
        found = session.scalars(select(IdempotencyKey).where(IdempotencyKey.id == request.id))
        return found.first()
