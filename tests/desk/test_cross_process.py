"""Two server processes on one PostgreSQL: an agent's reply written through one reaches a
customer whose live stream is served by the other, because the stream reads the database.

Runs in the PostgreSQL pass of CI (RIDGELINE_TEST_DATABASE_URL); SQLite has no second server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.auth.service import issue_token
from ridgeline.context import ServiceContext
from ridgeline.conversations import service as conversations
from ridgeline.conversations.messages import handle_message
from ridgeline.desk import service as desk
from ridgeline.kit.clock import SystemClock
from ridgeline.kit.db import Database
from tests.conftest import ADMIN_TOKEN, PG_URL
from tests.desk.conftest import PASSWORD, load_records, script
from tests.desk.live import free_port, stream

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="two server processes need a shared PostgreSQL (RIDGELINE_TEST_DATABASE_URL)"
)


@contextmanager
def ridgeline_serve(database_url: str, logs: Path) -> Iterator[str]:
    """Start `ridgeline serve` in its own process; yield its base URL once /healthz answers."""
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
    with (logs / f"server-{port}.log").open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited: {(logs / log.name).read_text()}")
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not answer /healthz in 60 s")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def _handed_over_conversation(db: Database) -> tuple[str, str]:
    """Write a conversation that asked for a person, an agent, and a customer token."""
    clock = SystemClock()
    engine = Engine(ScriptedUnderstanding(script()))
    opened = conversations.start(db, clock, engine, "C1", "web", "en-GB")
    posted = handle_message(
        db, clock, lambda: engine, opened.id, "I want to talk to a person", "C1"
    )
    assert posted.status == "waiting_for_human"
    with db.writer() as session:
        desk.create_agent(
            ServiceContext(session, clock),
            email="ana@lender.example",
            name="Ana",
            password=PASSWORD,
        )
        token = issue_token(session, clock, "customer", "C1")
        session.commit()
        return opened.id, token


def _customer_writes(db: Database, conversation_id: str, text: str) -> None:
    engine = Engine(ScriptedUnderstanding(script()))
    posted = handle_message(db, SystemClock(), lambda: engine, conversation_id, text, "C1")
    assert posted.result is None  # a person holds the conversation: no assistant turn


def test_a_reply_through_one_process_reaches_a_stream_on_the_other(
    database_url: str, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        a = stack.enter_context(ridgeline_serve(database_url, tmp_path))
        b = stack.enter_context(ridgeline_serve(database_url, tmp_path))
        admin = httpx.Client(base_url=a, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        stack.callback(admin.close)
        load_records(admin, "C1")
        db = Database(database_url)
        stack.callback(db.dispose)
        conversation, customer = _handed_over_conversation(db)

        signed = httpx.post(
            f"{b}/api/v1/desk/sign-in", json={"email": "ana@lender.example", "password": PASSWORD}
        )
        agent = {"Authorization": f"Bearer {signed.json()['token']}"}
        path = f"/api/v1/desk/conversations/{conversation}"
        with stream(a, conversation, customer) as customer_events:
            assert [customer_events.next().id for _ in range(3)] == [1, 2, 3]
            assert httpx.post(f"{b}{path}/claim", headers=agent).status_code == 200
            reply = httpx.post(f"{b}{path}/messages", json={"text": "Ana here"}, headers=agent)
            assert reply.status_code == 200, reply.text
            got = customer_events.until("Ana here")
            assert got.data["role"] == "agent"
            assert got.data["state"] == "with_human"

        # and the other way: a customer message written by another process (this one, through
        # the conversation service; the server would first load the language model) reaches
        # the agent's stream on B
        with stream(b, conversation, signed.json()["token"], after=5) as agent_events:
            _customer_writes(db, conversation, "Thank you")
            assert agent_events.until("Thank you").data["role"] == "customer"
