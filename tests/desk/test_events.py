"""The live stream of a conversation: every message as an event with its seq, live replies,
resuming after a dropped connection, and who may listen."""

from __future__ import annotations

from tests.desk.conftest import Desk
from tests.desk.live import serve, stream

BASE = "/api/v1/desk/conversations"


def test_the_customer_receives_the_agent_live_and_events_carry_the_seq(desk: Desk) -> None:
    conv = desk.handed_over()
    customer = desk.customer_token()
    _, agent = desk.agent()
    with serve(desk.app) as base, stream(base, conv, customer) as events:
        first = [events.next() for _ in range(3)]  # disclosure, request, handoff reply
        assert [e.id for e in first] == [1, 2, 3]
        assert [e.data["seq"] for e in first] == [1, 2, 3]
        assert first[1].data["role"] == "customer"
        assert first[2].data["state"] == "waiting_for_human"
        assert desk.post(f"{BASE}/{conv}/claim", agent).status_code == 200
        joined = events.next()
        assert joined.data["role"] == "system"
        assert joined.data["state"] == "with_human"
        desk.post(f"{BASE}/{conv}/messages", agent, {"text": "Ana here, how can I help?"})
        reply = events.until("Ana here, how can I help?")
        assert reply.data["role"] == "agent"
        assert reply.id == 5


def test_a_dropped_stream_resumes_from_last_event_id_without_losing_a_message(desk: Desk) -> None:
    conv = desk.handed_over()
    customer = desk.customer_token()
    _, agent = desk.agent()
    with serve(desk.app) as base:
        with stream(base, conv, customer) as events:
            seen = [events.next() for _ in range(3)]
        # while the customer is away, a person joins and writes twice
        desk.post(f"{BASE}/{conv}/claim", agent)
        desk.post(f"{BASE}/{conv}/messages", agent, {"text": "first"})
        desk.post(f"{BASE}/{conv}/messages", agent, {"text": "second"})
        last = seen[-1].id
        assert last is not None
        with stream(base, conv, customer, last_event_id=last) as events:
            missed = [events.next() for _ in range(3)]
        assert [e.id for e in missed] == [4, 5, 6]
        assert [e.data["text"] for e in missed[1:]] == ["first", "second"]
        with stream(base, conv, customer, after=5) as events:
            assert events.next().data["text"] == "second"


def test_only_the_customer_and_staff_may_listen(desk: Desk) -> None:
    conv = desk.handed_over("C1")
    other = desk.customer_token("C2")
    url = f"/api/v1/conversations/{conv}/events"
    assert desk.client.get(url).status_code == 401
    assert desk.client.get(url, params={"access_token": "nope"}).status_code == 401
    refused = desk.client.get(url, headers=desk.bearer(other))
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    assert desk.client.get(url, params={"after": -1}).status_code == 422
    _, agent = desk.agent()
    with serve(desk.app) as base, stream(base, conv, agent) as events:
        assert events.next().id == 1
