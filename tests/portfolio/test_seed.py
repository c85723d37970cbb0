"""Seeding a database: the same records as loading the portfolio's fixture document, in one
transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.customers.models import Customer
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.lending.models import Fee, Installment, Order, Plan, Refund
from ridgeline.models import Base
from ridgeline.portfolio import generate_document, seed_database
from ridgeline.portfolio.casework import case_clocks
from ridgeline.portfolio.seed import _from_child, _in_process
from ridgeline.sandbox.schemas import FixtureDocument
from ridgeline.sandbox.service import load
from tests.factories import customer, document

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
CUSTOMERS = 30


def snapshot(session: Session) -> dict[str, Any]:
    """Return what both a seed and a document load must agree on, without surrogate ids."""
    insts = session.execute(
        select(
            Installment.order_id,
            Installment.seq,
            Installment.due_date,
            Installment.original_amount,
            Installment.amount,
            Installment.status,
        ).order_by(Installment.order_id, Installment.seq)
    ).all()
    plans = session.execute(select(Plan.order_id, Plan.status).order_by(Plan.order_id)).all()
    refunds = session.execute(
        select(Refund.id, Refund.amount, Refund.excess, Refund.allocation).order_by(Refund.id)
    ).all()
    fees = session.execute(select(Fee.id, Fee.amount, Fee.status).order_by(Fee.id)).all()
    return {
        "installments": [tuple(r) for r in insts],
        "plans": [tuple(r) for r in plans],
        "refunds": [tuple(r) for r in refunds],
        "fees": [tuple(r) for r in fees],
    }


def test_seed_writes_what_the_document_loads(db: Database) -> None:
    counts = seed_database(db, customers=CUSTOMERS, seed=5, now=NOW)
    doc = generate_document(CUSTOMERS, 5, NOW)
    for kind in ("merchants", "customers", "orders", "cards", "fees", "refunds", "cases"):
        assert counts[kind] == len(doc[kind]), kind
    assert counts["credit_decisions"] == len(doc["credit_decisions"])
    assert counts["installments"] == sum(len(o["plan"]["installments"]) for o in doc["orders"])
    assert counts["order_items"] == sum(len(o["items"]) for o in doc["orders"])
    assert counts["payments"] > counts["orders"]
    tables = Base.metadata.tables
    with db.reader() as session:
        for name, count in counts.items():
            assert session.scalar(select(func.count()).select_from(tables[name])) == count
        seeded = snapshot(session)
    # Loading the document over the seeded records replaces them by id: the refunds are
    # applied again by the loader, so equal snapshots mean the seed applied the same rule.
    with db.writer() as session:
        loaded = load(session, FixtureDocument.model_validate(doc), SettableClock(NOW))
        session.commit()
    assert loaded["orders"] == counts["orders"]
    with db.reader() as session:
        assert snapshot(session) == seeded
        statuses = set(session.scalars(select(Plan.status)))
    assert {"active", "paid", "paused", "cancelled"} <= statuses


def test_the_document_loads_into_an_empty_database(db: Database) -> None:
    doc = generate_document(CUSTOMERS, 9, NOW)
    with db.writer() as session:
        loaded = load(session, FixtureDocument.model_validate(doc), SettableClock(NOW))
        session.commit()
    assert loaded["customers"] == CUSTOMERS
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Order)) == len(doc["orders"])


@pytest.mark.parametrize("background", [False, True])
def test_seeding_is_one_transaction(db: Database, background: bool) -> None:
    with db.writer() as session:
        load(session, document(customers=[customer("C0000030")]), SettableClock(NOW))
        session.commit()
    with pytest.raises(IntegrityError):  # customer 30 of the portfolio already exists
        seed_database(
            db, customers=CUSTOMERS, seed=5, now=NOW, batch_customers=10, background=background
        )
    assert multiprocessing.active_children() == []  # the generator process is stopped
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 1
        assert session.scalar(select(func.count()).select_from(Order)) == 0


def test_a_background_generator_gives_the_same_rows() -> None:
    assert list(_from_child(25, 4, NOW, 10)) == list(_in_process(25, 4, NOW, 10))


@pytest.mark.parametrize(
    ("case_type", "payment_service"),
    [
        ("complaint", False),
        ("complaint", True),
        ("dispute", False),
        ("return", False),
        ("privacy", False),
        ("credit_review", False),
        ("fraud", False),
        ("financial_difficulty", False),
    ],
)
def test_case_clocks_match_the_case_service(
    as_agent: ServiceContext, case_type: str, payment_service: bool
) -> None:
    load(as_agent.session, document(customers=[customer()]), as_agent.clock)
    friday = datetime(2026, 3, 13, 16, 30, tzinfo=UTC)
    as_agent.clock.set(friday)  # type: ignore[attr-defined]
    reason = "faulty" if case_type == "dispute" else None
    case = open_case(as_agent, "C1", case_type, reason=reason, payment_service=payment_service)
    due, follow_up, summary = case_clocks(case_type, friday, payment_service=payment_service)
    assert (case.due_at, case.follow_up_at, case.summary_due_at) == (due, follow_up, summary)
    if case_type == "complaint" and not payment_service:
        assert due == friday + timedelta(days=56)


def test_two_seeds_give_identical_rows_ids_included(tmp_path: Path) -> None:
    dumps = []
    for name in ("first", "second"):
        db = Database(f"sqlite:///{tmp_path / name}.db")
        upgrade(db.write_engine)
        seed_database(db, customers=12, seed=21, now=NOW, batch_customers=5)
        with db.reader() as session:
            dumps.append(
                {
                    table.name: session.execute(select(table).order_by(*table.primary_key)).all()
                    for table in Base.metadata.sorted_tables
                    # The help centre's epoch is new in every database, on purpose.
                    if table.name != "knowledge_state"
                }
            )
        db.dispose()
    assert dumps[0] == dumps[1]
    assert dumps[0]["installments"][0][0] == 1  # surrogate ids included, from 1
