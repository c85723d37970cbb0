"""SQLite writers of one process take turns on a lock; PostgreSQL writers need none."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from ridgeline.kit.db import Database


def test_writers_of_one_process_take_turns(db: Database) -> None:
    if not db.is_sqlite:
        assert "write_gate" not in db.writer().info
        return
    order: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with db.writer() as session:
            first_in.set()
            session.execute(text("SELECT 1"))
            time.sleep(0.2)
            order.append("first done")

    def second() -> None:
        first_in.wait()
        with db.writer() as session:
            order.append("second in")
            session.execute(text("SELECT 1"))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["first done", "second in"]


def test_a_session_closed_on_another_thread_lets_the_next_writer_in(db: Database) -> None:
    """A request may open its session on one worker thread and close it on another."""
    session = db.writer().__enter__()
    closer = threading.Thread(target=session.__exit__, args=(None, None, None))
    closer.start()
    closer.join(10)
    entered = threading.Event()

    def next_writer() -> None:
        with db.writer():
            entered.set()

    thread = threading.Thread(target=next_writer)
    thread.start()
    assert entered.wait(5)
    thread.join(5)


def test_a_session_used_without_with_is_not_gated(db: Database) -> None:
    session = db.writer()
    assert "holds_gate" not in session.info
    session.close()
    with db.writer() as gated:
        assert gated.info.get("holds_gate", False) is db.is_sqlite
