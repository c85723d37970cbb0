"""Fixtures of the browser tests: Debian's Chromium driven by Playwright, and a live server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright

from tests.chromium import ARGS, CHROMIUM
from tests.desk.conftest import Desk, build_app, load_records


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Return a headless Chromium (the system's, never a downloaded build)."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def desk_fr(database_url: str) -> Iterator[Desk]:
    """Return a desk whose customer C1 is French, with one pay-in-4 order O-C1."""
    app = build_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", market="FR")
        yield Desk(app, client)
    app.state.container.db.dispose()
