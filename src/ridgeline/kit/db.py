"""Database base: naming convention, timezone-aware timestamps, engines and sessions.

SQLite (a file) is the embedded default; PostgreSQL is the production database. The same models
and migrations serve both.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import DateTime, MetaData, create_engine, event, make_url
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

try:
    import fcntl
except ImportError:  # Windows: writers of other processes meet the busy timeout
    fcntl = None  # type: ignore[assignment]

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
        """Return `value` in UTC as the database stores it (naive on SQLite); refuse naive times."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: a time must carry its zone")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return a stored timestamp as a timezone-aware time in UTC."""
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


class WriteGate:
    """The queue of SQLite writers before `BEGIN IMMEDIATE`, across threads and processes.

    SQLite has one writer at a time; a writer that finds the database locked sleeps in growing
    steps (1, 2, 5, 10 ms and more) before it tries again, which under load costs far more than
    the write itself. Writers therefore queue without sleeping, from their transaction's first
    statement until their connection goes back to the pool (after the commit or rollback):
    threads of one process on a lock, and the thread of each process that holds it on a POSIX
    lock of a file beside the database, which the server's worker processes share. The kernel
    drops that lock when a process ends, and a process never waits on itself. The gate only
    orders the writers: SQLite's own locking keeps the data right whatever happens to it, and
    where there is no lock file (in memory, or no `fcntl`) other processes meet the busy timeout.
    """

    WAIT_SECONDS = 30.0  # then go ahead and let the database's busy timeout decide

    def __init__(self, path: str | None = None) -> None:
        """Create a gate; `path` is the lock file shared by every process writing the database."""
        self._lock = threading.Lock()  # not reentrant, and released by whichever thread ends
        self._file: IO[bytes] | None = None
        if path is not None and fcntl is not None:
            self._file = open(path, "ab")  # noqa: SIM115 - open as long as the gate lives

    def begin(self, connection: Any) -> None:
        """Take the gate, then the database's write lock."""
        if self._lock.acquire(timeout=self.WAIT_SECONDS):
            connection.info["holds_gate"] = True
            if self._file is not None:
                fcntl.lockf(self._file, fcntl.LOCK_EX)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.release(connection.info)
            raise

    def release(self, info: dict[str, Any]) -> None:
        """Let the next writer in, if this connection holds the gate."""
        if info.pop("holds_gate", False):
            if self._file is not None:
                fcntl.lockf(self._file, fcntl.LOCK_UN)
            self._lock.release()


def _gate_file(url: str) -> str | None:
    """Return the lock file of writers to the SQLite database at `url` (None in memory)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return f"{database}-writers.lock"


class Database:
    """Engines and session factories for one database URL.

    Writes and reads get separate factories: on SQLite a writing transaction takes the write lock
    at BEGIN (so concurrent writers queue and each sees the other's committed result), while
    readers never block. On PostgreSQL both are the same engine; services lock the rows they
    change with `SELECT ... FOR UPDATE`.
    """

    def __init__(self, url: str) -> None:
        """Make the engines of `url`: on SQLite a reading and a writing one, else one pool."""
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            args = {"check_same_thread": False, "timeout": 30}
            self.engine = create_engine(url, connect_args=args)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _begin_deferred)
            self.write_engine = create_engine(url, connect_args=args)
            event.listen(self.write_engine, "connect", _sqlite_pragmas)
            gate = WriteGate(_gate_file(url))
            event.listen(self.write_engine, "begin", gate.begin)
            event.listen(self.write_engine, "checkin", lambda _c, rec: gate.release(rec.info))
            event.listen(
                self.write_engine, "invalidate", lambda _c, rec, _e: gate.release(rec.info)
            )
        else:
            # No ping before each use: it was a round trip on every request. A connection the
            # server dropped (a restart) fails its request with a 503 "try again" and the pool
            # replaces every connection of that age; connections are renewed after 30 minutes.
            self.engine = create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800)
            self.write_engine = self.engine
        # PostgreSQL reads at READ COMMITTED, where every statement takes a snapshot of its own:
        # a transaction around a reader's statements would only add BEGIN and ROLLBACK round
        # trips, so readers run in autocommit (on the same pool), as do statements that are a
        # transaction by themselves (`conversations/store.py`). SQLite readers keep their
        # transaction: there it holds one snapshot for all the statements of a view.
        self.autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        read_bind = self.engine if self.is_sqlite else self.autocommit
        self.reader: sessionmaker[Session] = sessionmaker(bind=read_bind, expire_on_commit=False)
        self.writer: sessionmaker[Session] = sessionmaker(
            bind=self.write_engine, expire_on_commit=False
        )

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a writing session, committed when the block ends and rolled back on any error."""
        with self.writer() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()
