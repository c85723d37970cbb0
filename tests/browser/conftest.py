"""Fixtures of the browser tests: Debian's Chromium driven by Playwright, and a live server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.desk.conftest import Desk, build_app, load_records


@pytest.fixture
def desk_fr(database_url: str) -> Iterator[Desk]:
    """Return a desk whose customer C1 is French, with one pay-in-4 order O-C1."""
    app = build_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", market="FR")
        yield Desk(app, client)
    app.state.container.db.dispose()
