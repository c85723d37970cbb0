"""Fixtures of the reliability tests: a sandbox app on the desk's scripted understanding, with
customers C1 and C2 (one pay-in-4 order each, two instalments paid), and helpers to post with an
`Idempotency-Key` and to count rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ridgeline.auth.service import issue_token
from ridgeline.kit.db import Base
from tests.conftest import ADMIN_TOKEN
from tests.desk.conftest import build_app, load_records

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@dataclass
class Api:
    """A client of a sandbox app, and the app."""

    app: FastAPI
    client: TestClient

    def customer(self, customer_id: str = "C1") -> dict[str, str]:
        """Return the auth header of a new token of `customer_id`."""
        c = self.app.state.container
        with c.db.writer() as session:
            token = issue_token(session, c.clock, "customer", customer_id)
            session.commit()
        return {"Authorization": f"Bearer {token}"}

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST `body` as JSON (as admin unless `headers` say otherwise), with `key` if given."""
        sent = dict(headers or ADMIN)
        if key is not None:
            sent["Idempotency-Key"] = key
        answer: httpx.Response = self.client.post(
            path, json=body if body is not None else {}, headers=sent
        )
        return answer

    def count(self, model: type[Base], **where: Any) -> int:
        """Return how many rows of `model` match `where` (column equals value)."""
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        with self.app.state.container.db.reader() as session:
            found = session.scalar(query)
        return int(found or 0)


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    """Return a sandbox app with customers C1 and C2 loaded, and its client."""
    app = build_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", "C2")
        yield Api(app, client)
    app.state.container.db.dispose()
