"""Helpers of the help-centre tests: tokens per role, articles, the held-out help centre."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridgeline.auth.service import issue_token
from ridgeline.http.deps import Container
from ridgeline.knowledge import files
from tests.factories import customer, merchant

HELDOUT = Path(__file__).parent / "heldout"


def token(app: FastAPI, role: str, subject: str | None = None) -> dict[str, str]:
    """Return the Authorization header of a new token of `role`."""
    container: Container = app.state.container
    with container.db.writer() as session:
        issued = issue_token(session, container.clock, role, subject)
        session.commit()
    return {"Authorization": f"Bearer {issued}"}


def article(
    article_id: str = "KB-EN-1",
    *,
    language: str = "en",
    markets: list[str] | None = None,
    title: str = "Paying with a gift card",
    body: str = "## Can I combine a gift card with my plan?\nYes. Only the part paid with us "
    "becomes your plan, and the gift card pays the rest of the order at the shop.",
    url: str | None = "https://help.example.test/gift-cards",
) -> dict[str, Any]:
    """Return an article as the API takes it."""
    found: dict[str, Any] = {
        "id": article_id,
        "title": title,
        "body": body,
        "language": language,
    }
    if markets is not None:
        found["markets"] = markets
    if url is not None:
        found["url"] = url
    return found


def heldout_articles() -> list[dict[str, Any]]:
    """Return the held-out help centre's articles (five per language) as fixture records."""
    return [a.model_dump(exclude_none=True) for a in files.read_folder(HELDOUT)]


def heldout_questions() -> dict[str, Any]:
    """Return the held-out help centre's question sets, by language."""
    sets: dict[str, Any] = yaml.safe_load((HELDOUT / "questions.yaml").read_text("utf-8"))
    return {language: {"language": language, **data} for language, data in sets.items()}


def load_fixture(client: TestClient, **lists: Any) -> dict[str, Any]:
    """Load a fixture document through the admin route and return its counts."""
    response = client.post("/api/v1/admin/fixtures", json=lists)
    assert response.status_code == 201, response.text
    loaded: dict[str, Any] = response.json()
    return loaded


def a_customer(cid: str, market: str) -> dict[str, Any]:
    """Return a fixture document's customer and merchant lists for one customer."""
    return {"merchants": [merchant()], "customers": [customer(cid, market)]}
