"""Test fixtures shared by the whole suite.

Each test gets an empty, migrated database: a copy of a migrated SQLite file, or, when
RIDGELINE_TEST_DATABASE_URL names a PostgreSQL database (as in CI), that database emptied with
TRUNCATE. Any attempt to reach the network beyond this machine fails the test.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import text
from sqlalchemy.orm import Session

from ridgeline.config import Settings
from ridgeline.context import Actor, ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.models import Base
from ridgeline.web.app import create_app
from tests.chromium import launch
from tests.factories import NOW

PG_URL = os.environ.get("RIDGELINE_TEST_DATABASE_URL", "")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that connects anywhere but this machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX
        ):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ridgeline.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db.write_engine)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def _pg_migrated() -> str:
    db = Database(PG_URL)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(db.engine)
    db.dispose()
    return PG_URL


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty, migrated database for this test."""
    if PG_URL:
        url: str = request.getfixturevalue("_pg_migrated")
        db = Database(url)
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.dispose()
        return url
    template: Path = request.getfixturevalue("_sqlite_template")
    target = tmp_path / "ridgeline.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """Return the test's database."""
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> SettableClock:
    """Return a clock frozen at the fixtures' `now` (2026-03-10 12:00 UTC)."""
    return SettableClock(NOW, frozen=True)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """Return a writing session on the test database (rolled back unless the test commits)."""
    with db.writer() as s:
        yield s
        s.rollback()


@pytest.fixture
def as_assistant(session: Session, clock: SettableClock) -> ServiceContext:
    """Return a service context acting as the assistant."""
    return ServiceContext(session, clock, Actor("assistant"))


@pytest.fixture
def as_agent(session: Session, clock: SettableClock) -> ServiceContext:
    """Return a service context acting as agent A1."""
    return ServiceContext(session, clock, Actor("agent", "A1"))


ADMIN_TOKEN = "test-admin-token"


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    """Return a sandbox app on the test database."""
    application = create_app(Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN))
    yield application
    application.state.container.db.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """Return an HTTP client of the app, authenticated as admin."""
    with TestClient(app, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as c:
        yield c


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Return one headless Chromium for the whole run (Debian's, or Playwright's download when
    there is none: see tests/chromium.py).

    One per session: Playwright's synchronous API cannot start a second driver while another
    runs in the same process.
    """
    with sync_playwright() as p:
        launched = launch(p)
        yield launched
        launched.close()
