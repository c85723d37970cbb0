"""`GET /api/v1/sandbox/outbox`: admins read a customer's messages in sandbox mode only, with
the contract's error shape for bad input; a tester finishes a contact change with it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.auth.service import issue_token
from ridgeline.config import Settings
from ridgeline.context import Actor, ServiceContext
from ridgeline.http.deps import Container
from ridgeline.notifications.relay import relay_pending
from ridgeline.notifications.service import send_code
from ridgeline.web.app import create_app
from tests.conftest import ADMIN_TOKEN
from tests.factories import customer, document, order

OUTBOX = "/api/v1/sandbox/outbox"
NEW_EMAIL = "amelie.nouvelle@example.fr"


class Sent:
    """A sender for the relay that keeps nothing (delivery is not under test here)."""

    def deliver(self, message: object) -> None:
        """Accept the message."""


def _token(app: FastAPI, role: str, subject: str | None = None) -> str:
    container: Container = app.state.container
    with container.db.writer() as session:
        token = issue_token(session, container.clock, role, subject)
        session.commit()
    return token


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _load(client: TestClient, *records: dict[str, Any]) -> None:
    body = document(customers=list(records)).model_dump(mode="json")
    assert client.post("/api/v1/admin/fixtures", json=body).status_code == 201


def _queue(app: FastAPI, purpose: Any, code: str, changing: str | None = None) -> None:
    container: Container = app.state.container
    with container.db.writer() as session:
        ctx = ServiceContext(session, container.clock, Actor("assistant"))
        send_code(ctx, "C1", purpose, code, 10, changing=changing)
        session.commit()


def test_admin_reads_pending_and_sent_messages_newest_first(
    app: FastAPI, client: TestClient
) -> None:
    _load(client, customer())
    _queue(app, "unlock", "111111")
    container: Container = app.state.container
    relay_pending(container.db, Sent(), container.clock)
    container.clock.set(container.clock.now().replace(minute=5))
    _queue(app, "contact_change", "222222", changing="email")
    response = client.get(OUTBOX, params={"customer_id": "C1"})
    assert response.status_code == 200, response.text
    newest, oldest = response.json()
    assert (newest["status"], newest["purpose"], newest["sent_at"]) == (
        "pending",
        "contact_change",
        None,
    )
    assert "222222" in newest["body"] and newest["channel"] == "sms"
    assert newest["recipient"] == "+447700900000" and newest["language"] == "en"
    assert (oldest["status"], oldest["purpose"]) == ("sent", "unlock")
    assert oldest["channel"] == "email" and oldest["recipient"] == "c1@example.com"
    for stamp in (oldest["created_at"], oldest["sent_at"], newest["created_at"]):
        assert datetime.fromisoformat(stamp).tzinfo is not None
    assert "111111" in oldest["body"]
    one = client.get(OUTBOX, params={"customer_id": "C1", "limit": 1}).json()
    assert [m["id"] for m in one] == [newest["id"]]


def test_a_customer_with_no_messages_has_an_empty_outbox(client: TestClient) -> None:
    _load(client, customer())
    assert client.get(OUTBOX, params={"customer_id": "C1"}).json() == []


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 422, "invalid_request"),
        ({"customer_id": ""}, 422, "invalid_request"),
        ({"customer_id": "C" * 65}, 422, "invalid_request"),
        ({"customer_id": "C1", "limit": "0"}, 422, "invalid_request"),
        ({"customer_id": "C1", "limit": "many"}, 422, "invalid_request"),
        ({"customer_id": "NOPE"}, 404, "not_found"),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, params: dict[str, str], status: int, code: str
) -> None:
    _load(client, customer())
    response = client.get(OUTBOX, params=params)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_only_admins_read_the_outbox(app: FastAPI, client: TestClient) -> None:
    _load(client, customer())
    _queue(app, "unlock", "111111")
    for role, subject in (("customer", "C1"), ("agent", "A1"), ("supervisor", "S1")):
        response = client.get(
            OUTBOX, params={"customer_id": "C1"}, headers=_auth(_token(app, role, subject))
        )
        assert response.status_code == 403, role
        assert response.json()["error"]["code"] == "forbidden"
        assert "111111" not in response.text
    anonymous = client.get(OUTBOX, params={"customer_id": "C1"}, headers={"Authorization": ""})
    assert anonymous.status_code == 401


def test_outside_sandbox_mode_the_outbox_is_closed(database_url: str) -> None:
    production = create_app(Settings(database_url, sandbox=False, admin_token=ADMIN_TOKEN))
    try:
        with TestClient(production, headers=_auth(ADMIN_TOKEN)) as client:
            response = client.get(OUTBOX, params={"customer_id": "C1"})
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "forbidden"
            assert "sandbox" in response.json()["error"]["message"]
    finally:
        production.state.container.db.dispose()


def test_the_route_is_in_the_openapi_document(client: TestClient) -> None:
    assert OUTBOX in client.get("/openapi.json").json()["paths"]


@pytest.fixture
def sandbox(database_url: str) -> Iterator[tuple[FastAPI, TestClient]]:
    """A sandbox app whose understanding reads a French customer's change of email."""
    script = {
        f"Je veux changer mon adresse e-mail pour {NEW_EMAIL}": Reading(
            language="fr",
            intents=(("update_contact", 0.93),),
            out_of_scope=False,
            model="scripted",
            emails=(NEW_EMAIL,),
        )
    }
    engine = Engine(ScriptedUnderstanding(script, language="fr"))
    app = create_app(
        Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN), engine_factory=lambda: engine
    )
    with TestClient(app, headers=_auth(ADMIN_TOKEN)) as admin:
        yield app, admin
    app.state.container.db.dispose()


def test_a_customer_changes_email_with_the_code_read_from_the_outbox(
    sandbox: tuple[FastAPI, TestClient],
) -> None:
    app, admin = sandbox
    amelie = customer(market="FR")
    amelie.update(email="amelie@example.fr", phone="+33612345678")
    body = document(customers=[amelie], orders=[order(market="FR")]).model_dump(mode="json")
    assert admin.post("/api/v1/admin/fixtures", json=body).status_code == 201
    me = _auth(_token(app, "customer", "C1"))
    as_customer = TestClient(app, headers=me)

    def say(text: str) -> dict[str, Any]:
        response = as_customer.post(f"/api/v1/conversations/{cid}/messages", json={"text": text})
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    started = as_customer.post("/api/v1/conversations", json={"locale": "fr-FR"})
    assert started.status_code == 201, started.text
    cid = started.json()["id"]
    asked = say(f"Je veux changer mon adresse e-mail pour {NEW_EMAIL}")
    assert "(oui/non)" in asked["messages"][0]["text"]
    assert admin.get(OUTBOX, params={"customer_id": "C1"}).json() == []  # nothing before the yes
    sent = say("oui")
    assert sent["actions"] == [] and "code" in sent["messages"][0]["text"]

    # The tester reads the code where a real customer would get it: an SMS to the current phone.
    [message] = admin.get(OUTBOX, params={"customer_id": "C1"}).json()
    assert (message["channel"], message["recipient"], message["language"]) == (
        "sms",
        "+33612345678",
        "fr",
    )
    assert message["status"] == "pending" and NEW_EMAIL not in message["body"]
    found = re.search(r"\b\d{6}\b", message["body"])
    assert found is not None
    code = found.group(0)
    assert code not in str(sent)  # the code never appears in the chat

    done = say(code)
    assert [a["type"] for a in done["actions"]] == ["contact.updated"]
    assert admin.get("/api/v1/customers/C1").json()["email"] == NEW_EMAIL
    as_customer.close()
