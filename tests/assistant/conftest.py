"""Fixtures of the assistant tests: the app on a scripted understanding, and a chat helper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.config import Settings
from ridgeline.web.app import create_app
from tests.conftest import ADMIN_TOKEN
from tests.factories import customer, document, order

PAID2 = ["paid", "paid", "scheduled", "scheduled"]
CODE = re.compile(r"\b\d{6}\b")


def read(language: str, intent: str | None = None, score: float = 0.9, **extra: Any) -> Reading:
    """Return a scripted reading."""
    intents = ((intent, score),) if intent else ()
    return Reading(
        language=language, intents=intents, out_of_scope=not intents, model="scripted", **extra
    )


@dataclass
class Chat:
    """A client of a sandbox app whose understanding follows a script."""

    client: TestClient
    script: dict[str, Reading]
    conversation: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)

    def load(self, **lists: Any) -> None:
        """Load fixture lists (a merchant is always included)."""
        body = document(**lists).model_dump(mode="json")
        assert self.client.post("/api/v1/admin/fixtures", json=body).status_code == 201

    def start(self, customer_id: str = "C1", locale: str | None = None) -> dict[str, Any]:
        """Open a conversation."""
        body: dict[str, Any] = {"customer_id": customer_id}
        if locale:
            body["locale"] = locale
        response = self.client.post("/api/v1/conversations", json=body)
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        self.conversation = data["id"]
        return data

    def say(self, text: str, expect_status: int = 200) -> dict[str, Any]:
        """Send a message (opening a conversation first if needed); return the answer."""
        if not self.conversation:
            self.start()
        response = self.client.post(
            f"/api/v1/conversations/{self.conversation}/messages", json={"text": text}
        )
        assert response.status_code == expect_status, response.text
        data: dict[str, Any] = response.json()
        self.replies.append(data)
        return data

    def outbox(self, customer_id: str = "C1") -> list[dict[str, Any]]:
        """Read the customer's messages in the sandbox outbox, newest first."""
        response = self.client.get("/api/v1/sandbox/outbox", params={"customer_id": customer_id})
        assert response.status_code == 200, response.text
        data: list[dict[str, Any]] = response.json()
        return data

    def code(self, customer_id: str = "C1") -> str:
        """Return the one-time code of the newest message, read as a tester of the sandbox would."""
        messages = self.outbox(customer_id)
        assert messages, "no message in the outbox"
        found = CODE.search(messages[0]["body"])
        assert found is not None, messages[0]["body"]
        return found.group(0)

    def order(self, order_id: str = "O1") -> dict[str, Any]:
        """Read an order back."""
        data: dict[str, Any] = self.client.get(f"/api/v1/orders/{order_id}").json()
        return data


@pytest.fixture
def script() -> dict[str, Reading]:
    """Return the mutable script of the understanding double."""
    return {}


@pytest.fixture
def chat(database_url: str, script: dict[str, Reading]) -> Iterator[Chat]:
    """Return a chat on a sandbox app with one GB customer and a pay-in-4 order."""
    engine = Engine(ScriptedUnderstanding(script))
    app = create_app(
        Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN), engine_factory=lambda: engine
    )
    with TestClient(app, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        c = Chat(client, script)
        c.load(customers=[customer()], orders=[order(statuses=PAID2)])
        yield c
    app.state.container.db.dispose()
