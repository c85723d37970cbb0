"""A change of an article reaches every index at its next search, without a restart: two
indexes in one process, and two server processes on one database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from ridgeline.context import ServiceContext
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.knowledge import service
from ridgeline.knowledge.index import KnowledgeIndex
from ridgeline.knowledge.schemas import ArticleChange, ArticleIn
from tests.conftest import ADMIN_TOKEN
from tests.desk.live import free_port
from tests.knowledge.conftest import article

QUESTION = "can I combine a gift card with my plan"


def _ids(index: KnowledgeIndex, db: Database) -> list[str]:
    with db.reader() as session:
        index.refresh(session)
        return [h.article.id for h in index.search(QUESTION, None, ["en"], "GB", 5)]


def test_two_indexes_on_one_database_see_every_change(db: Database, clock: SettableClock) -> None:
    first, second = KnowledgeIndex(), KnowledgeIndex()
    assert _ids(first, db) == _ids(second, db) == []
    with db.transaction() as session:
        service.create_article(ServiceContext(session, clock), ArticleIn(**article()))
    assert _ids(first, db) == _ids(second, db) == ["KB-EN-1"]
    revision = first.revision
    assert _ids(first, db) == ["KB-EN-1"] and first.revision == revision  # nothing to read
    with db.transaction() as session:
        service.update_article(
            ServiceContext(session, clock), "KB-EN-1", ArticleChange(markets=["US"])
        )
    assert _ids(first, db) == _ids(second, db) == []  # no longer for GB
    with db.transaction() as session:
        service.update_article(
            ServiceContext(session, clock), "KB-EN-1", ArticleChange(markets=None)
        )
        service.retire_article(ServiceContext(session, clock), "KB-EN-1")
    assert _ids(second, db) == []


def test_an_index_starts_again_when_its_database_was_emptied(
    db: Database, clock: SettableClock
) -> None:
    index = KnowledgeIndex()
    with db.transaction() as session:
        service.create_article(ServiceContext(session, clock), ArticleIn(**article()))
    assert _ids(index, db) == ["KB-EN-1"]
    with db.transaction() as session:  # what a test's TRUNCATE does
        from sqlalchemy import delete

        from ridgeline.knowledge.models import Article, KnowledgeState, Passage

        for model in (Passage, Article, KnowledgeState):
            session.execute(delete(model))
    with db.transaction() as session:
        service.create_article(
            ServiceContext(session, clock), ArticleIn(**article("KB-OTHER", title="Gift cards"))
        )
    assert _ids(index, db) == ["KB-OTHER"]


@contextmanager
def _server(database_url: str, logs: Path) -> Iterator[str]:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "ridgeline"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database-url",
        database_url,
        "--sandbox",
    ]
    env = {**os.environ, "RIDGELINE_ADMIN_TOKEN": ADMIN_TOKEN, "RIDGELINE_DATA_DIR": str(logs)}
    with (logs / "server.log").open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (logs / "server.log").read_text()
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(10)


def test_a_change_made_through_one_server_is_found_through_another(
    client: TestClient, database_url: str, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    params = {"q": QUESTION, "language": "en", "market": "GB"}
    with _server(database_url, tmp_path) as other:
        search = f"{other}/api/v1/knowledge/search"
        assert httpx.get(search, params=params, headers=headers).json()["results"] == []
        assert client.post("/api/v1/knowledge/articles", json=article()).status_code == 201
        found = httpx.get(search, params=params, headers=headers).json()["results"]
        assert [r["id"] for r in found] == ["KB-EN-1"]
        changed = httpx.put(
            f"{other}/api/v1/knowledge/articles/KB-EN-1",
            json={"title": "Gift cards and vouchers"},
            headers=headers,
        )
        assert changed.status_code == 200, changed.text
        mine = client.get("/api/v1/knowledge/search", params=params).json()["results"]
        assert [r["title"] for r in mine] == ["Gift cards and vouchers"]
