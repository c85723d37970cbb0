"""The sandbox clock, kept in the database so that every server process tells the same time.

A sandbox (tests, scenarios, a lender trying the product) sets "now" with the admin clock route
or a fixture document's `now`. The moment it was set to and the wall-clock time when it was set
are one row of the table `sandbox_clock`; the clock then runs on with real time from there:
`now = moment + (wall clock - set_at)`. Because the row is in the database, a restart keeps the
time and every process of `ridgeline serve --workers N` tells the same one.

Reading: a request reads the row once, the first time it asks for the time
(`StoredClock.reading`, which the web layer opens around every request), so the time a request
sees never goes back within it and a change made through another process is seen by the next
request. Outside a request (a test, a job) the row is read again at most every
`CACHE_SECONDS`. Only times from 2000-01-01 up to, not including, 2100-01-01 are accepted:
a date beyond them gains nothing for a test and breaks the date arithmetic of the rules.

Without a database (production mode) the clock is the wall clock, and a change stays in the
process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import CheckConstraint, Integer, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.expression import Executable

from ridgeline.kit.clock import ensure_utc
from ridgeline.kit.db import Base, Database, UTCDateTime
from ridgeline.kit.errors import InvalidInputError

#: The first moment the sandbox clock may be set to.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
#: The first moment it may not be set to.
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
#: How long a read of the row serves the time asked outside a request.
CACHE_SECONDS = 1.0
ROW = 1  # the table's only row


class SandboxClockRow(Base):
    """The time the sandbox clock was set to, and when (wall clock); one row, id 1."""

    __tablename__ = "sandbox_clock"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    moment: Mapped[datetime] = mapped_column(UTCDateTime())
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


def check_moment(moment: datetime) -> datetime:
    """Return `moment` in UTC; raise InvalidInputError outside 2000-01-01 to 2100-01-01."""
    moment = ensure_utc(moment)
    if not EARLIEST <= moment < LATEST:
        raise InvalidInputError("the sandbox clock takes a time from 2000-01-01 to 2099-12-31")
    return moment


@dataclass
class _Reading:
    """The offsets read during one request, per clock."""

    offsets: dict[int, timedelta] = field(default_factory=dict)


_REQUEST: ContextVar[_Reading | None] = ContextVar("ridgeline_clock_reading", default=None)


def wall_clock() -> datetime:
    """Return the wall-clock time in UTC."""
    return datetime.now(UTC)


class StoredClock:
    """A clock set in the database and running on with real time (see the module docstring).

    `db` None keeps the setting in this process only (production mode: nobody sets it there,
    so it is the wall clock).
    """

    def __init__(self, db: Database | None, *, wall: Callable[[], datetime] = wall_clock) -> None:
        """Tell the time of the row in `db` (or the wall clock's until set, without `db`)."""
        self._db = db
        self._wall = wall
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._read_at: float | None = None  # monotonic time of the last read outside a request

    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC."""
        return self._wall() + self._current_offset()

    def set(self, moment: datetime, session: Session | None = None) -> None:
        """Set the current time to `moment`, for every process on the database.

        With `session` the row is written in that transaction (a fixture document sets the
        clock all or nothing with its records) and the rest of the process sees it after the
        commit; the request that sets it sees it at once.
        """
        moment = check_moment(moment)
        set_at = self._wall()
        offset = moment - set_at
        reading = _REQUEST.get()
        if reading is not None:
            reading.offsets[id(self)] = offset
        if self._db is None:
            self._remember(offset)
            return
        statement = self._upsert(moment, set_at)
        if session is not None:
            session.execute(statement)
            event.listen(session, "after_commit", lambda _s: self._remember(offset), once=True)
            return
        with self._db.transaction() as own:
            own.execute(statement)
        self._remember(offset)

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by `delta`."""
        self.set(self.now() + delta)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Read the row at most once within the block (one request), on first use."""
        token = _REQUEST.set(_Reading())
        try:
            yield
        finally:
            _REQUEST.reset(token)

    def _current_offset(self) -> timedelta:
        if self._db is None:
            return self._offset
        reading = _REQUEST.get()
        if reading is not None:
            found = reading.offsets.get(id(self))
            if found is None:
                found = reading.offsets[id(self)] = self._read()
            return found
        with self._lock:
            fresh = self._read_at is not None and time.monotonic() - self._read_at < CACHE_SECONDS
            if fresh:
                return self._offset
        offset = self._read()
        self._remember(offset)
        return offset

    def _read(self) -> timedelta:
        assert self._db is not None
        with self._db.reader() as session:
            row = session.get(SandboxClockRow, ROW)
            return timedelta(0) if row is None else row.moment - row.set_at

    def _remember(self, offset: timedelta) -> None:
        with self._lock:
            self._offset = offset
            self._read_at = time.monotonic()

    def _upsert(self, moment: datetime, set_at: datetime) -> Executable:
        assert self._db is not None
        insert = sqlite_insert if self._db.is_sqlite else pg_insert
        statement = insert(SandboxClockRow).values(id=ROW, moment=moment, set_at=set_at)
        return statement.on_conflict_do_update(
            index_elements=["id"], set_={"moment": moment, "set_at": set_at}
        )
