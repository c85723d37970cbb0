"""The watch behind the live streams: one read per poll for every waiting stream, a wake-up only
for a conversation that moved past what its stream has, and a failed read is not the end."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from ridgeline.conversations.watch import Watch

T = TypeVar("T")


def _run(scene: Coroutine[Any, Any, T]) -> T:
    """Run `scene` on a loop of its own thread (a browser test may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scene).result()


class Records:
    """`last_seq` by conversation, and the reads made of it (a read may be told to fail)."""

    def __init__(self, **last: int) -> None:
        self.last = last
        self.reads: list[list[str]] = []
        self.failing = False

    def read(self, ids: Sequence[str]) -> dict[str, int]:
        self.reads.append(sorted(ids))
        if self.failing:
            raise ConnectionError("database away")
        return {i: self.last[i] for i in ids if i in self.last}


def test_only_the_conversation_that_moved_is_woken_and_reads_are_shared() -> None:
    records = Records(a=3, b=5)
    watch = Watch(records.read, every=0.01)

    async def scene() -> tuple[bool, bool]:
        async def move_a() -> None:
            await asyncio.sleep(0.05)
            records.last["a"] = 4

        mover = asyncio.create_task(move_a())
        a, b = await asyncio.gather(watch.moved("a", 3, 2.0), watch.moved("b", 5, 0.3))
        await mover
        return a, b

    assert _run(scene()) == (True, False)
    assert all(r in (["a", "b"], ["b"]) for r in records.reads)  # both in one read, then b alone
    assert watch.polls == len(records.reads)


def test_a_stream_behind_the_conversation_is_woken_at_the_next_poll() -> None:
    records = Records(a=7)
    watch = Watch(records.read, every=0.01)
    assert _run(watch.moved("a", 2, 2.0)) is True


def test_a_failed_read_leaves_the_streams_waiting_for_the_next_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    records = Records(a=1)
    records.failing = True
    watch = Watch(records.read, every=0.01)

    async def scene() -> bool:
        async def recover() -> None:
            await asyncio.sleep(0.05)
            records.failing = False
            records.last["a"] = 2

        healer = asyncio.create_task(recover())
        moved = await watch.moved("a", 1, 2.0)
        await healer
        return moved

    with caplog.at_level(logging.INFO, logger="ridgeline"):
        assert _run(scene()) is True
    assert len(records.reads) >= 3  # it failed more than once, and it read again
    events = [json.loads(r.getMessage())["event"] for r in caplog.records]
    assert events == ["conversation.watch.failed", "conversation.watch.recovered"]
