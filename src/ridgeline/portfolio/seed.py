"""Write the sample portfolio straight into a database, fast.

The rows go in with bulk inserts (one executemany per table and batch of customers) inside one
transaction: either the whole portfolio is there or none of it. Seed data is history, not a
change anyone made, so no audit entries are written. The schema must already be migrated.

For a large portfolio the rows are generated in a second process while this one inserts the
previous batch: generating and inserting each take about half the time, so on two cores the
seed takes about as long as the inserts alone. The generator is the same single random stream
either way, so the rows are identical.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Generator, Iterator
from datetime import datetime
from typing import Any

import ridgeline.models  # noqa: F401 - registers every table on the metadata
from ridgeline.kit.db import Base, Database
from ridgeline.portfolio.generator import TABLES, PortfolioGenerator

Rows = dict[str, list[dict[str, Any]]]
BATCH_CUSTOMERS = 5000  # rows of ~5,000 customers in memory at a time (a few tens of MB)
BACKGROUND_FROM = 20_000  # customers from which generating in a second process pays off
# SQLite page cache of the seeding connection: the secondary indexes (due dates above all)
# take rows in random order, and with the default 2 MB cache every insert would read pages back.
SQLITE_CACHE_KIB = 262_144


def _produce(
    customers: int, seed: int, now: datetime, batch_customers: int, out: Any
) -> None:  # pragma: no cover - runs in the child process
    """Generate the portfolio and hand each batch's rows to the parent through `out`."""
    for batch in PortfolioGenerator(customers, seed, now).batches(batch_customers):
        out.put(batch.rows)
    out.put(None)


class _ChildBatches:
    """The batches a child process generates; `close` stops the child, started or not."""

    def __init__(self, channel: Any, child: Any) -> None:
        self.child = child
        self.batches = _drain(channel, child)

    def __iter__(self) -> Iterator[Rows]:
        return self.batches

    def __next__(self) -> Rows:
        return next(self.batches)

    def close(self) -> None:
        """Stop the child process and wait for it."""
        self.batches.close()
        if self.child.is_alive():
            self.child.terminate()
        self.child.join()


def _from_child(customers: int, seed: int, now: datetime, batch_customers: int) -> _ChildBatches:
    """Start a child process generating the portfolio; return an iterator of its batches.

    The child is forked before the seed's transaction begins and never touches a database
    connection (it exits without closing the ones it inherited).
    """
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=2)  # at most two batches ahead of the inserts
    child = context.Process(
        target=_produce,
        args=(customers, seed, now, batch_customers, channel),
        name="ridgeline-portfolio",
        daemon=True,
    )
    child.start()
    return _ChildBatches(channel, child)


def _drain(channel: Any, child: Any) -> Generator[Rows, None, None]:
    try:
        while True:
            try:
                rows = channel.get(timeout=1.0)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(
                        f"the portfolio generator stopped (exit code {child.exitcode})"
                    ) from None
                continue
            if rows is None:
                break
            yield rows
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _in_process(
    customers: int, seed: int, now: datetime, batch_customers: int
) -> Generator[Rows, None, None]:
    for batch in PortfolioGenerator(customers, seed, now).batches(batch_customers):
        yield batch.rows


def seed_database(
    db: Database,
    *,
    customers: int,
    seed: int,
    now: datetime,
    batch_customers: int = BATCH_CUSTOMERS,
    background: bool | None = None,
) -> dict[str, int]:
    """Insert a sample portfolio of `customers` in one transaction; return rows per table.

    Args:
        db: the migrated database to write to.
        customers: how many customers (with their orders, cards, decisions and cases).
        seed: the seed of the random stream; same seed, same rows.
        now: the moment the portfolio's history runs up to (timezone-aware).
        batch_customers: customers generated and inserted per batch.
        background: generate in a second process; by default only for large portfolios.
    """
    if background is None:
        background = customers >= BACKGROUND_FROM
    if "fork" not in multiprocessing.get_all_start_methods():
        background = False  # a spawned child would re-import the caller's main module
    source = _from_child if background else _in_process
    batches = source(customers, seed, now, batch_customers)  # starts the child, if any
    try:
        return _insert(db, batches)
    finally:
        batches.close()  # stops the child, if any, whatever happened


def _insert(db: Database, batches: Iterator[Rows]) -> dict[str, int]:
    """Insert every batch in one transaction; return rows per table."""
    tables = Base.metadata.tables
    counts = dict.fromkeys(TABLES, 0)
    with db.writer() as session:
        if db.is_sqlite:
            connection = session.connection()
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        try:
            for rows in batches:
                for name in TABLES:
                    if rows[name]:
                        session.execute(tables[name].insert(), rows[name])
                        counts[name] += len(rows[name])
            session.commit()
        finally:
            session.rollback()  # nothing left to undo after the commit; after a failure, all
            if db.is_sqlite:
                # the pooled connection goes back to the pool with SQLite's default cache
                session.connection().exec_driver_sql("PRAGMA cache_size=-2000")
                session.rollback()
    return counts
