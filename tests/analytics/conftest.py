"""Fixtures of the analytics tests: a database holding a portfolio and a generated history."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from ridgeline.analytics.history import History, generate_history
from ridgeline.kit.db import Database
from ridgeline.models import Base
from ridgeline.portfolio import seed_database
from tests.conftest import PG_URL
from tests.factories import NOW


@dataclass
class Generated:
    """A database with a portfolio and a month of generated history."""

    db: Database
    history: History


def fresh_database(request: pytest.FixtureRequest, folder: Path) -> Database:
    """Return an empty migrated database (PostgreSQL truncated in CI, else a SQLite copy)."""
    if PG_URL:
        url: str = request.getfixturevalue("_pg_migrated")
        db = Database(url)
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        return db
    template: Path = request.getfixturevalue("_sqlite_template")
    target = folder / "ridgeline.db"
    shutil.copyfile(template, target)
    return Database(f"sqlite:///{target}")


def build(request: pytest.FixtureRequest, folder: Path, now: datetime) -> Generated:
    """Seed 1,500 customers (their own records end four months before `now`) and a month of
    history (150 new contacts a day) up to the day before `now`."""
    db = fresh_database(request, folder)
    # the portfolio's own complaint cases end before the history starts
    seed_database(db, customers=1500, seed=2, now=now - timedelta(days=120))
    with db.writer() as session:
        history = generate_history(session, months=1, seed=4, now=now, contacts_per_day=150)
        session.commit()
    return Generated(db, history)


@pytest.fixture(scope="module")
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Generated]:
    """Return a database with a month of history ending the day before the fixtures' `now`."""
    g = build(request, tmp_path_factory.mktemp("history"), NOW)
    yield g
    g.db.dispose()
