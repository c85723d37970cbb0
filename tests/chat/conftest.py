"""Fixtures of the chat tests: the desk's sandbox app with a script that also asks a clarifying
question and a yes/no question, and helpers for the waiting room and attachments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.config import Settings
from ridgeline.web.app import create_app
from tests.conftest import ADMIN_TOKEN
from tests.desk.conftest import Desk, load_records, reading, script

UNSURE = "it's about my payment"
RETURNED = "I sent the shoes back"
VULNERABLE = "My husband died and I cannot cope"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # the header is what the check reads
PDF = b"%PDF-1.7\n" + bytes(64)
EXE = b"MZ\x90\x00" + bytes(64)


def chat_script() -> dict[str, Reading]:
    """Return the desk's script plus a message read without confidence and a return."""
    found = script()
    found[UNSURE] = Reading(
        language="en",
        intents=(("next_payment", 0.4), ("payment_schedule", 0.3)),
        out_of_scope=True,
        in_domain=0.9,
        model="scripted",
    )
    found[RETURNED] = reading("en", "report_return")
    return found


def build_chat_app(database_url: str) -> FastAPI:
    """Return a sandbox app whose assistant follows the chat script."""
    engine = Engine(ScriptedUnderstanding(chat_script()))
    settings = Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN)
    return create_app(settings, engine_factory=lambda: engine)


class Chat(Desk):
    """The desk's helpers plus the customer's side of the chat."""

    def start(self, customer_id: str = "C1", locale: str = "en-GB") -> tuple[str, str]:
        """Open a conversation as the customer; return (conversation id, customer token)."""
        token = self.customer_token(customer_id)
        started = self.post("/api/v1/conversations", token, {"locale": locale})
        assert started.status_code == 201, started.text
        return str(started.json()["id"]), token

    def say(self, conversation_id: str, token: str, text: str) -> Any:
        """Send a customer message; return the response."""
        return self.post(f"/api/v1/conversations/{conversation_id}/messages", token, {"text": text})

    def waiting_for_person(self, customer_id: str = "C1", text: str = "") -> tuple[str, str]:
        """Open a conversation and hand it over; return (conversation id, customer token)."""
        conversation_id, token = self.start(customer_id)
        turn = self.say(conversation_id, token, text or "I want to talk to a person")
        assert turn.json()["state"] == "waiting_for_human", turn.text
        return conversation_id, token

    def set_clock(self, now: datetime) -> None:
        """Set the sandbox clock."""
        response = self.post("/api/v1/admin/clock", ADMIN_TOKEN, {"now": now.isoformat()})
        assert response.status_code == 200, response.text

    def upload(self, conversation_id: str, token: str, filename: str, data: bytes) -> Any:
        """Send a file as the customer; return the response."""
        return self.client.post(
            f"/api/v1/conversations/{conversation_id}/attachments",
            params={"filename": filename},
            content=data,
            headers={**self.bearer(token), "Content-Type": "application/octet-stream"},
        )


@pytest.fixture
def chat(database_url: str) -> Iterator[Chat]:
    """Return the chat helpers on a sandbox app with customers C1, C2, C3 (GB)."""
    app = build_chat_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", "C2", "C3")
        yield Chat(app, client)
    app.state.container.db.dispose()
