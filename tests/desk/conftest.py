"""Fixtures of the desk tests: a sandbox app on a scripted understanding, desk agents, and a
helper that drives a customer to a person."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.auth.service import issue_token
from ridgeline.config import Settings
from ridgeline.context import Actor, ServiceContext
from ridgeline.desk import service
from ridgeline.web.app import create_app
from tests.conftest import ADMIN_TOKEN
from tests.factories import customer, document, order

PASSWORD = "correct horse battery"
PAID2 = ["paid", "paid", "scheduled", "scheduled"]


def reading(language: str, intent: str | None, score: float = 0.95) -> Reading:
    """Return a scripted reading of one intent (or out of scope)."""
    intents = ((intent, score),) if intent else ()
    return Reading(language=language, intents=intents, out_of_scope=not intents, model="scripted")


def script() -> dict[str, Reading]:
    """Return the understanding script every desk test shares."""
    return {
        "I want to talk to a person": reading("en", "human_agent"),
        "Je veux parler à une personne": reading("fr", "human_agent"),
        "My husband died and I cannot cope": reading("en", "vulnerability"),
        "I lost my job and cannot pay": reading("en", "financial_difficulty"),
        "J'ai perdu mon emploi et je ne peux plus payer": reading("fr", "financial_difficulty"),
        "When is my next payment?": reading("en", "next_payment"),
        "Quand est mon prochain paiement ?": reading("fr", "next_payment"),
    }


def build_app(database_url: str) -> FastAPI:
    """Return a sandbox app whose assistant follows the shared script."""
    engine = Engine(ScriptedUnderstanding(script()))
    settings = Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN)
    return create_app(settings, engine_factory=lambda: engine)


def load_records(client: httpx.Client, *customer_ids: str, market: str = "GB") -> None:
    """Load customers, each with one pay-in-4 order (O-<id>), through the admin fixture route."""
    ids = customer_ids or ("C1",)
    body = document(
        customers=[customer(cid, market) for cid in ids],
        orders=[order(f"O-{cid}", cid, statuses=PAID2, market=market) for cid in ids],
    ).model_dump(mode="json")
    response = client.post(
        "/api/v1/admin/fixtures", json=body, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    assert response.status_code == 201, response.text


@dataclass
class Desk:
    """A client of the app and helpers to make customers, agents and handoffs."""

    app: FastAPI
    client: TestClient

    def bearer(self, token: str) -> dict[str, str]:
        """Return the auth header of a token."""
        return {"Authorization": f"Bearer {token}"}

    def customer_token(self, customer_id: str = "C1") -> str:
        """Issue a customer token."""
        db = self.app.state.container.db
        with db.writer() as session:
            token = issue_token(session, self.app.state.container.clock, "customer", customer_id)
            session.commit()
        return token

    def agent(
        self,
        email: str = "ana@lender.example",
        *,
        name: str = "Ana",
        skills: tuple[str, ...] = ("general", "financial_support"),
        capacity: int = 3,
        role: str = "agent",
        sign_in: bool = True,
    ) -> tuple[str, str]:
        """Create an agent; return (agent id, token from signing in, or "" when not signed in)."""
        c = self.app.state.container
        with c.db.writer() as session:
            ctx = ServiceContext(session, c.clock, Actor("system"))
            agent = service.create_agent(
                ctx,
                email=email,
                name=name,
                password=PASSWORD,
                role=role,
                skills=skills,
                capacity=capacity,
            )
            session.commit()
            agent_id = agent.id
        if not sign_in:
            return agent_id, ""
        response = self.client.post(
            "/api/v1/desk/sign-in", json={"email": email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return agent_id, str(response.json()["token"])

    def handed_over(
        self,
        customer_id: str = "C1",
        text: str = "I want to talk to a person",
        locale: str = "en-GB",
    ) -> str:
        """Open a conversation as the customer and ask for a person; return its id."""
        headers = self.bearer(self.customer_token(customer_id))
        started = self.client.post(
            "/api/v1/conversations", json={"locale": locale}, headers=headers
        )
        assert started.status_code == 201, started.text
        conversation_id = str(started.json()["id"])
        turn = self.client.post(
            f"/api/v1/conversations/{conversation_id}/messages",
            json={"text": text},
            headers=headers,
        )
        assert turn.status_code == 200, turn.text
        assert turn.json()["state"] == "waiting_for_human", turn.json()
        return conversation_id

    def post(self, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
        """POST to the API with a token; return the response."""
        return self.client.post(path, json=body or {}, headers=self.bearer(token))

    def get(self, path: str, token: str) -> Any:
        """GET from the API with a token; return the response."""
        return self.client.get(path, headers=self.bearer(token))


@pytest.fixture
def desk(database_url: str) -> Iterator[Desk]:
    """Return a desk on a sandbox app with customers C1 and C2 (GB, one pay-in-4 order each)."""
    app = build_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", "C2")
        yield Desk(app, client)
    app.state.container.db.dispose()
