"""The live stream of a conversation: every message as an event with its seq, live replies,
resuming after a dropped connection, and who may listen."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import Any

from sqlalchemy import event

from ridgeline.conversations.events import POLL_SECONDS
from ridgeline.http.limits import Buckets
from ridgeline.http.streams import StreamSlots
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


def test_open_streams_share_one_look_at_the_database(desk: Desk) -> None:
    """Ten idle streams cost one query per poll between them, not one each, and the one whose
    conversation moves still gets its message."""
    desk.app.state.container.customer_messages = Buckets(10_000, 100)  # one customer, 20 posts
    desk.app.state.container.streams = StreamSlots(per_token=10)  # one token, ten streams
    conversations = [desk.handed_over() for _ in range(10)]
    customer = desk.customer_token()
    _, agent = desk.agent()
    engine = desk.app.state.container.db.engine
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with serve(desk.app) as base, ExitStack() as streams:
        readers = [streams.enter_context(stream(base, c, customer)) for c in conversations]
        for reader in readers:
            assert [reader.next().id for _ in range(3)] == [1, 2, 3]
        event.listen(engine, "before_cursor_execute", count)
        try:
            time.sleep(1.5)
            idle = [s for s in statements if s.startswith("SELECT")]  # not SQLite's BEGINs
        finally:
            event.remove(engine, "before_cursor_execute", count)
        polls = 1.5 / POLL_SECONDS
        assert 1 <= len(idle) <= polls + 3, idle  # one query per stream would be 10 x polls
        assert all("conversations.last_seq" in s for s in idle)
        desk.post(f"{BASE}/{conversations[4]}/claim", agent)
        assert readers[4].next().data["role"] == "system"
