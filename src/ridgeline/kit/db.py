"""Database base: naming convention, timezone-aware timestamps, engines and sessions.

SQLite (a file) is the embedded default; PostgreSQL is the production database. The same models
and migrations serve both.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    Naive datetimes are refused on the way in: a time without a zone has no meaning here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: a time must carry its zone")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy, not pysqlite, owns transactions
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_deferred(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _begin_immediate(connection: Any) -> None:
    # The write lock from the first statement: two writers queue instead of one failing mid-way.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class GatedSession(Session):
    """A writing session that, used as a context manager, first queues on its process's write
    gate (a lock held until the session closes).

    SQLite has one writer at a time; a writer that finds the database locked sleeps in growing
    steps (1, 2, 5, 10 ms and more) before it tries again, which under load costs far more than
    the write itself. Writers of one process therefore wait their turn on a lock, in order and
    without sleeping, and only writers of other processes meet the busy timeout. A session is
    one transaction here, so the lock is held for about as long as the database's own.
    """

    _WAIT_SECONDS = 30.0  # then go ahead and let the database's busy timeout decide

    def __enter__(self) -> GatedSession:
        gate = self.info.get("write_gate")
        if gate is not None and gate.acquire(timeout=self._WAIT_SECONDS):
            self.info["holds_gate"] = True
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.close()
        finally:
            if self.info.pop("holds_gate", False):
                self.info["write_gate"].release()


class Database:
    """Engines and session factories for one database URL.

    Writes and reads get separate factories: on SQLite a writing transaction takes the write lock
    at BEGIN (so concurrent writers queue and each sees the other's committed result), while
    readers never block. On PostgreSQL both are the same engine; services lock the rows they
    change with `SELECT ... FOR UPDATE`.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            args = {"check_same_thread": False, "timeout": 30}
            self.engine = create_engine(url, connect_args=args)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _begin_deferred)
            self.write_engine = create_engine(url, connect_args=args)
            event.listen(self.write_engine, "connect", _sqlite_pragmas)
            event.listen(self.write_engine, "begin", _begin_immediate)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            self.write_engine = self.engine
        self.reader: sessionmaker[Session] = sessionmaker(bind=self.engine, expire_on_commit=False)
        # PostgreSQL locks rows, not the database: its writers need no gate.
        # A plain lock: a request may open its session on one thread and close it on another.
        gate = {"write_gate": threading.Lock()} if self.is_sqlite else {}
        self.writer: sessionmaker[Session] = sessionmaker(
            bind=self.write_engine, expire_on_commit=False, class_=GatedSession, info=gate
        )

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()
