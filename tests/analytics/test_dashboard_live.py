"""The dashboard's live panel reads the desk as its agents see it: queues, waits, people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ADMIN_TOKEN
from tests.desk.conftest import Desk, build_app, load_records
from tests.factories import NOW

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def desk(database_url: str) -> Iterator[Desk]:
    """Return a desk on a sandbox app at the fixtures' `now`, with customers C1, C2 and C3."""
    app = build_app(database_url)
    with TestClient(app) as client:
        load_records(client, "C1", "C2", "C3")
        set_clock(client, 0)
        yield Desk(app, client)
    app.state.container.db.dispose()


def set_clock(client: TestClient, minutes: int) -> None:
    moment = NOW + timedelta(minutes=minutes)
    answer = client.post("/api/v1/admin/clock", json={"now": moment.isoformat()}, headers=ADMIN)
    assert answer.status_code == 200, answer.text


def live(desk: Desk, token: str = ADMIN_TOKEN) -> dict[str, Any]:
    answer = desk.client.get("/api/v1/metrics/live", headers=desk.bearer(token))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def queue(body: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(q for q in body["queues"] if q["queue"] == name)
    return found


def test_an_empty_desk_says_nobody_waits(desk: Desk) -> None:
    body = live(desk)
    assert body["waiting_conversations"] == body["waiting_customers"] == 0
    assert body["oldest_wait_seconds"] is None
    assert body["agents_online"] == body["chats_held"] == body["free_slots"] == 0
    assert [q["queue"] for q in body["queues"]] == [
        "general",
        "payments",
        "disputes",
        "fraud",
        "financial_support",
        "complaints",
    ]
    assert all(q["waiting"] == 0 and q["oldest_wait_seconds"] is None for q in body["queues"])


def test_the_panel_counts_queues_waits_and_people_as_the_desk_does(desk: Desk) -> None:
    _, ana_token = desk.agent("ana@lender.example", name="Ana", capacity=3)
    desk.agent("bo@lender.example", name="Bo", skills=("payments",), capacity=2)
    desk.agent("cy@lender.example", name="Cy", skills=("general",), sign_in=False)
    first = desk.handed_over("C1")  # general, normal priority
    desk.handed_over("C2", "My husband died and I cannot cope")  # financial support, high
    desk.handed_over("C3")
    set_clock(desk.client, 6)  # past the 300 s target of the normal priority

    body = live(desk)
    assert body["waiting_conversations"] == 3
    assert body["waiting_customers"] == 3
    assert body["agents_online"] == 2 and body["agents_away"] == 0
    assert body["chats_held"] == 0
    assert body["free_slots"] == 5  # Ana 3 + Bo 2; Cy is offline
    general, support = queue(body, "general"), queue(body, "financial_support")
    assert general["waiting"] == 2 and general["high_priority"] == 0
    assert general["over_target"] == 2
    assert 300 < general["oldest_wait_seconds"] <= 420  # the clock runs on from its setting
    assert general["agents_online"] == 1 and general["free_slots"] == 3
    assert support["waiting"] == 1 and support["high_priority"] == 1
    assert support["over_target"] == 1  # high priority: a 60 s target
    assert queue(body, "payments")["agents_online"] == 1
    assert queue(body, "payments")["free_slots"] == 2
    waits = [q["oldest_wait_seconds"] for q in body["queues"] if q["oldest_wait_seconds"]]
    assert body["oldest_wait_seconds"] == max(waits)

    # Ana takes the first conversation: it leaves the queue and holds one of her slots
    claimed = desk.post(f"/api/v1/desk/conversations/{first}/claim", ana_token)
    assert claimed.status_code == 200, claimed.text
    after = live(desk, ana_token)  # any staff token reads the panel
    assert after["waiting_conversations"] == 2
    assert queue(after, "general")["waiting"] == 1
    assert after["chats_held"] == 1
    assert after["free_slots"] == 4
    assert queue(after, "general")["free_slots"] == 2


def test_the_live_panel_is_for_staff_only(desk: Desk) -> None:
    assert desk.client.get("/api/v1/metrics/live").status_code == 401
    customer = desk.customer_token("C1")
    assert desk.get("/api/v1/metrics/live", customer).status_code == 403
