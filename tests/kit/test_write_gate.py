"""SQLite writers of one process take turns on a lock from their first statement to the end of
their transaction; PostgreSQL writers need none."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ridgeline.kit.db import Database


def test_writers_of_one_process_take_turns(db: Database) -> None:
    order: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with db.writer() as session:
            session.execute(text("SELECT 1"))
            first_in.set()
            time.sleep(0.3)
            order.append("first done")
            session.commit()

    def second() -> None:
        first_in.wait(10)
        with db.writer() as session:
            session.execute(text("SELECT 1"))
            order.append("second in")
            session.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    # On PostgreSQL nothing orders them (there is no database-wide writer): the second may run
    # first. On SQLite the second waits for the first's commit.
    if db.is_sqlite:
        assert order == ["first done", "second in"]
    else:
        assert sorted(order) == ["first done", "second in"]


def test_a_commit_lets_the_next_writer_in_at_once(db: Database) -> None:
    """The gate is held by a transaction, not by a session: after a commit, another thread's
    writer starts without waiting for the session to close."""
    holder = db.writer()
    holder.execute(text("SELECT 1"))
    holder.commit()
    started = time.perf_counter()

    def other() -> None:
        with db.writer() as session:
            session.execute(text("SELECT 1"))
            session.commit()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(20)
    assert time.perf_counter() - started < 5
    holder.close()


def test_a_failed_transaction_releases_the_gate(db: Database) -> None:
    session = db.writer()
    try:
        session.execute(text("SELECT no_such_column FROM customers"))
    except Exception:  # the statement fails; the transaction is rolled back below
        session.rollback()
    session.close()
    done = threading.Event()

    def other() -> None:
        with db.writer() as s:
            s.execute(text("SELECT 1"))
            s.commit()
        done.set()

    threading.Thread(target=other).start()
    assert done.wait(5)


CHILD = """
import sys
from sqlalchemy import text
from ridgeline.kit.db import Database
db = Database(sys.argv[1])
with db.writer() as session:
    session.execute(text("SELECT 1"))
    print("in", flush=True)
    sys.stdin.readline()
    session.commit()
print("out", flush=True)
"""


def test_writers_of_other_processes_queue_on_the_lock_file(tmp_path: Path) -> None:
    """The writer of another process holds the gate's lock file for its whole transaction; a
    writer here waits for it, then goes in (it neither fails nor meets the busy timeout)."""
    import fcntl

    from ridgeline.kit.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'gate.db'}"
    db = Database(url)
    upgrade(db.write_engine)
    child = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", CHILD, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "in"
        with open(tmp_path / "gate.db-writers.lock", "ab") as probe, pytest.raises(OSError):
            fcntl.lockf(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        entered = threading.Event()

        def write_here() -> None:
            with db.transaction() as session:
                session.execute(text("SELECT 1"))
                entered.set()

        thread = threading.Thread(target=write_here)
        thread.start()
        assert not entered.wait(0.3)  # the other process holds the database
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "out"
        thread.join(10)
        assert entered.is_set()
    finally:
        child.kill()
        child.wait(10)
        db.dispose()
