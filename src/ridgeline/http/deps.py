"""Request dependencies: the database session (one commit per request), the clock, the caller."""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ridgeline.assistant.engine import Engine
from ridgeline.auth.service import Principal, admin_of, resolve
from ridgeline.config import Settings
from ridgeline.context import Actor, ServiceContext
from ridgeline.http.limits import Buckets
from ridgeline.http.streams import StreamSlots
from ridgeline.kit.db import Database
from ridgeline.kit.stored_clock import StoredClock

T = TypeVar("T")

#: Requests of one process reading at once: enough to overlap the database and the model,
#: few enough that a writer holding SQLite's lock soon gets the interpreter back (measured with
#: `python -m benchmarks.assistant`: 2 starve the writer less but leave the core idle).
READERS = 4
#: Requests of one process writing at once on PostgreSQL (SQLite: one).
WRITERS = 8


class Lanes:
    """How many requests of one process do a kind of work at once; the rest wait on the loop.

    A turn reads (understands the message, works out the turn) and then writes (stores it).
    On SQLite one writer at a time holds the database, so a process sends one write at a time
    and its other writers wait on the event loop, not in worker threads; the few reading
    threads keep the writer from waiting long for Python's interpreter lock while it holds the
    database. On PostgreSQL rows are locked one conversation at a time and more go at once.
    """

    def __init__(self, readers: int, writers: int) -> None:
        """Allow `readers` reading and `writers` writing requests at once."""
        self.reading = asyncio.Semaphore(readers)
        self.writing = asyncio.Semaphore(writers)


@dataclass
class Container:
    """What the app shares between requests."""

    settings: Settings
    db: Database
    clock: StoredClock
    engine_factory: Callable[[], Engine]
    _engine: Engine | None = None
    _engine_lock: threading.Lock = field(default_factory=threading.Lock)
    _of_loop: dict[tuple[asyncio.AbstractEventLoop, str], Any] = field(default_factory=dict)
    customer_messages: Buckets = field(init=False)  # from the settings
    streams: StreamSlots = field(default_factory=StreamSlots)  # live streams open per token

    def __post_init__(self) -> None:
        """Make the customers' message buckets from the settings' limit."""
        self.customer_messages = Buckets(
            self.settings.customer_messages_per_minute, self.settings.customer_burst
        )

    def limit(self, caller: Principal) -> None:
        """Answer 429 to a customer who sends faster than their bucket allows (staff: never)."""
        if caller.role != "customer":
            return
        wait = self.customer_messages.take(caller.subject or "")
        if wait > 0:
            raise HTTPException(
                429,
                f"too many messages: try again in {math.ceil(wait)} s",
                {"Retry-After": str(math.ceil(wait))},
            )

    def lanes(self) -> Lanes:
        """Return the lanes of the running event loop."""
        return self.of_loop("lanes", lambda: Lanes(READERS, 1 if self.db.is_sqlite else WRITERS))

    def of_loop(self, name: str, make: Callable[[], T]) -> T:
        """Return the running event loop's `name`, made on first use.

        What waits on a loop (semaphores, a poll task) belongs to that loop, and a test may run
        several loops.
        """
        key = (asyncio.get_running_loop(), name)
        found = self._of_loop.get(key)
        if found is None:
            live = {k: v for k, v in self._of_loop.items() if not k[0].is_closed()}
            found = live[key] = make()
            self._of_loop = live
        return cast(T, found)

    def engine_loaded(self) -> bool:
        """Tell whether the engine has been built."""
        return self._engine is not None

    def engine(self) -> Engine:
        """Return the conversation engine, built once (the model loads once per process)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = self.engine_factory()
            return self._engine


async def container(request: Request) -> Container:
    """Return the app's container (on the event loop: no thread is needed to read it)."""
    found: Container = request.app.state.container
    return found


def read_session(c: Annotated[Container, Depends(container)]) -> Iterator[Session]:
    """Yield a read-only session."""
    with c.db.reader() as session:
        yield session
        session.rollback()


async def write_session(c: Annotated[Container, Depends(container)]) -> AsyncIterator[Session]:
    """Yield a session and commit it before the response is sent; roll back on any error.

    The request waits for a writing lane on the event loop first. The route runs in one worker
    thread and the commit in another, so a writer holding SQLite's lock needs a second thread
    to finish: were writers queued in threads, enough of them would take every thread.
    """
    async with c.lanes().writing:
        session = c.db.writer()
        try:
            yield session
            await run_in_threadpool(session.commit)
        except BaseException:
            await run_in_threadpool(session.rollback)
            raise
        finally:
            await run_in_threadpool(session.close)


ReadSession = Annotated[Session, Depends(read_session, scope="function")]
WriteSession = Annotated[Session, Depends(write_session, scope="function")]


async def principal(request: Request, c: Annotated[Container, Depends(container)]) -> Principal:
    """Return the caller from the bearer token, or answer 401.

    The admin token is known without the database; other tokens are looked up in a worker
    thread (on the event loop, this costs no thread for the admin). A POST with an
    `Idempotency-Key` was looked up already by the middleware (`http/idempotency.py`).
    """
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return known
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    found = admin_of(token.strip(), c.settings.admin_token)
    if found is None:
        found = await run_in_threadpool(_look_up, c, token.strip())
    if found is None:
        raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
    return found


def _look_up(c: Container, token: str) -> Principal | None:
    with c.db.reader() as session:
        return resolve(session, token, c.settings.admin_token)


Caller = Annotated[Principal, Depends(principal)]


def require_staff(caller: Caller) -> Principal:
    """Allow agents, supervisors and admins."""
    if not caller.is_staff:
        raise HTTPException(403, "this route is for the lender's staff")
    return caller


def require_admin(caller: Caller) -> Principal:
    """Allow admins only."""
    if caller.role != "admin":
        raise HTTPException(403, "this route is for admins")
    return caller


def can_see_customer(caller: Principal, customer_id: str) -> bool:
    """Tell whether the caller may read this customer's records (customers: only their own)."""
    return caller.is_staff or caller.subject == customer_id


def actor_of(caller: Principal) -> Actor:
    """Return the audit actor for a caller."""
    if caller.role == "customer":
        return Actor("customer", caller.subject)
    return Actor("agent", caller.subject or caller.role)


def service_context(session: Session, c: Container, caller: Principal) -> ServiceContext:
    """Return the service context of a request."""
    return ServiceContext(session, c.clock, actor_of(caller))
