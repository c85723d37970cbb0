"""One look at the database for every live stream of a process.

Each open stream (a customer's chat page, an agent's console) waits for its conversation to get
a message after the last one it sent. Were every stream to poll the messages table, a thousand
open chats would cost three thousand queries a second, each holding a worker thread the chat
routes need. Instead one task per event loop reads the `last_seq` of every watched conversation
in one query per poll and wakes the streams whose conversation moved; only those read their
new messages. `last_seq` is written in the same transaction as the messages it counts, so a
stream woken by it finds them, whichever process wrote them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import anyio

from ridgeline.kit.logs import log_event

#: Conversations per query (well under SQLite's limit of bound variables).
CHUNK = 500


@dataclass(eq=False)
class _Waiter:
    seen: int
    woken: asyncio.Event = field(default_factory=asyncio.Event)


class Watch:
    """Wake the streams of one event loop when their conversation gets a new message."""

    def __init__(self, read: Callable[[Sequence[str]], dict[str, int]], every: float) -> None:
        """Watch with `read`, once every `every` seconds while anyone waits.

        `read` maps conversation ids to their `last_seq`; it runs in a worker thread.
        """
        self._read = read
        self._every = every
        self._waiting: dict[str, set[_Waiter]] = {}
        self._task: asyncio.Task[None] | None = None
        self.polls = 0  # queries sent, for tests and logs
        self._failing = False

    async def moved(self, conversation_id: str, seen: int, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a message after `seen`; tell whether one came."""
        waiter = _Waiter(seen)
        self._waiting.setdefault(conversation_id, set()).add(waiter)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        try:
            with anyio.move_on_after(timeout):
                await waiter.woken.wait()
        finally:
            waiters = self._waiting.get(conversation_id)
            if waiters is not None:
                waiters.discard(waiter)
                if not waiters:
                    del self._waiting[conversation_id]
        return waiter.woken.is_set()

    async def _run(self) -> None:
        """Poll while anyone waits."""
        while self._waiting:
            await anyio.sleep(self._every)
            ids = list(self._waiting)
            try:
                last: dict[str, int] = {}
                for start in range(0, len(ids), CHUNK):
                    self.polls += 1
                    last.update(
                        await anyio.to_thread.run_sync(self._read, ids[start : start + CHUNK])
                    )
            except Exception as exc:  # the database is away: the streams wait for the next poll
                if not self._failing:  # once, not ten times a second
                    log_event(
                        "conversation.watch.failed", error=type(exc).__name__, detail=str(exc)
                    )
                self._failing = True
                continue
            if self._failing:
                self._failing = False
                log_event("conversation.watch.recovered")
            for conversation_id, last_seq in last.items():
                for waiter in self._waiting.get(conversation_id, ()):
                    if last_seq > waiter.seen:
                        waiter.woken.set()
