"""Fixtures of the hosted-model tests: a stand-in model server and a chat on the hosted adapter.

The stand-in (`ridgeline.assistant.standin`) is a real HTTP server on a free loopback port that
speaks the Chat Completions protocol; the adapter reaches it exactly as it would reach Azure
OpenAI, vLLM or Ollama. The embedded understanding under the model is a scripted double here
(its readings are written in each test); a few tests use the real embedded model.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ridgeline.assistant.adapters.hosted import HostedConfig, HostedUnderstanding
from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import Reading, UnderstandingPort
from ridgeline.assistant.standin import StandInModel
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.audit.models import AuditEntry
from ridgeline.config import Settings
from ridgeline.web.app import create_app
from tests.assistant.conftest import PAID2, Chat
from tests.conftest import ADMIN_TOKEN
from tests.factories import customer, order


def hosted(
    model: StandInModel, fallback: UnderstandingPort, mode: str = "always", **options: Any
) -> HostedUnderstanding:
    """Return the hosted adapter on the stand-in (`options`: more of `HostedConfig`)."""
    config = HostedConfig(
        base_url=model.url,
        model="stand-in",
        api_key="sk-test",
        timeout=options.pop("timeout", 2.0),
        mode=mode,  # type: ignore[arg-type]
        **options,
    )
    return HostedUnderstanding(config, fallback)


@pytest.fixture
def model() -> Iterator[StandInModel]:
    """Return a stand-in model server (no commands unless a test queues some)."""
    with StandInModel() as server:
        yield server


@pytest.fixture
def script() -> dict[str, Reading]:
    """Return the mutable script of the embedded understanding's double."""
    return {}


@pytest.fixture
def mode() -> str:
    """Return the adapter's mode (a test module may override this fixture)."""
    return "always"


@pytest.fixture
def understanding(
    model: StandInModel, script: dict[str, Reading], mode: str
) -> Iterator[HostedUnderstanding]:
    """Return the hosted adapter over the scripted embedded reading."""
    adapter = hosted(model, ScriptedUnderstanding(script), mode)
    yield adapter
    adapter.close()


@pytest.fixture
def chat(
    database_url: str, understanding: HostedUnderstanding, script: dict[str, Reading]
) -> Iterator[Chat]:
    """Return a chat on a sandbox app whose engine reads through the hosted adapter."""
    engine = Engine(understanding)
    app = create_app(
        Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN), engine_factory=lambda: engine
    )
    with TestClient(app, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        c = Chat(client, script)
        c.load(customers=[customer()], orders=[order(statuses=PAID2)])
        yield c
    app.state.container.db.dispose()


def turn_entries(chat: Chat) -> list[dict[str, Any]]:
    """Return the details of the conversation's `conversation.turn` audit entries, in order."""
    db = chat.client.app.state.container.db  # type: ignore[attr-defined]
    with db.reader() as s:
        rows = s.scalars(
            select(AuditEntry.details)
            .where(AuditEntry.entity_id == chat.conversation)
            .where(AuditEntry.action == "conversation.turn")
            .order_by(AuditEntry.id)
        ).all()
    return [dict(r) for r in rows]
