"""A retried POST is applied once: the first response is kept per caller, route and
`Idempotency-Key`, in the database, and given back to a repeat; another body with the same key
is refused; a repeat while the first still runs is refused without running."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from ridgeline.cases.models import Case
from ridgeline.conversations.models import Conversation, Message
from ridgeline.desk.models import Agent
from ridgeline.lending.models import Refund
from tests.desk.conftest import build_app
from tests.reliability.conftest import ADMIN, Api

ORDER = "/api/v1/orders/O-C1"


def test_a_refund_posted_twice_with_one_key_is_applied_once(api: Api) -> None:
    first = api.post(f"{ORDER}/refunds", {"amount": 1000}, key="refund-1")
    assert first.status_code == 200, first.text
    again = api.post(f"{ORDER}/refunds", {"amount": 1000}, key="refund-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert api.count(Refund, order_id="O-C1") == 1
    assert len(again.json()["refunds"]) == 1


def test_without_a_key_each_post_is_its_own_request(api: Api) -> None:
    assert api.post(f"{ORDER}/refunds", {"amount": 1000}).status_code == 200
    assert api.post(f"{ORDER}/refunds", {"amount": 1000}).status_code == 200
    assert api.count(Refund, order_id="O-C1") == 2


def test_a_dispute_posted_twice_opens_one_case(api: Api) -> None:
    body = {"reason": "not_received"}
    first = api.post(f"{ORDER}/disputes", body, key="dispute-1")
    second = api.post(f"{ORDER}/disputes", body, key="dispute-1")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == first.json()
    assert api.count(Case, type="dispute") == 1


def test_a_conversation_message_posted_twice_gives_one_turn(api: Api) -> None:
    customer = api.customer()
    started = [api.post("/api/v1/conversations", {}, key="open-1", headers=customer) for _ in "ab"]
    assert [s.status_code for s in started] == [201, 201]
    assert started[0].json() == started[1].json()
    assert api.count(Conversation) == 1
    conversation = started[0].json()["id"]
    path = f"/api/v1/conversations/{conversation}/messages"
    text = {"text": "When is my next payment?"}
    turns = [api.post(path, text, key="say-1", headers=customer) for _ in "ab"]
    assert [t.status_code for t in turns] == [200, 200]
    assert turns[0].json() == turns[1].json()
    assert api.count(Message, conversation_id=conversation, role="customer") == 1


def test_a_desk_reply_posted_twice_is_sent_once(api: Api) -> None:
    customer = api.customer()
    conversation = api.post("/api/v1/conversations", {}, headers=customer).json()["id"]
    path = f"/api/v1/conversations/{conversation}/messages"
    assert api.post(path, {"text": "I want to talk to a person"}, headers=customer).is_success
    desk = "/api/v1/desk/conversations"
    agent = {
        "email": "ana@lender.example",
        "name": "Ana",
        "password": "correct horse battery",
        "skills": ["general"],
    }
    assert api.post("/api/v1/desk/agents", agent, key="agent-1").status_code == 201
    assert api.post("/api/v1/desk/agents", agent, key="agent-1").status_code == 201
    assert api.count(Agent) == 1
    signed = api.client.post(
        "/api/v1/desk/sign-in", json={"email": agent["email"], "password": agent["password"]}
    )
    token = {"Authorization": f"Bearer {signed.json()['token']}"}
    assert api.post(f"{desk}/{conversation}/claim", {}, key="claim-1", headers=token).is_success
    replies = [
        api.post(f"{desk}/{conversation}/messages", {"text": "Ana here"}, key="r1", headers=token)
        for _ in "ab"
    ]
    assert [r.status_code for r in replies] == [200, 200]
    assert api.count(Message, conversation_id=conversation, role="agent") == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(api: Api) -> None:
    assert api.post(f"{ORDER}/refunds", {"amount": 1000}, key="k").status_code == 200
    other = api.post(f"{ORDER}/refunds", {"amount": 2000}, key="k")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert api.count(Refund, order_id="O-C1") == 1


def test_the_same_body_in_another_key_order_is_the_same_request(api: Api) -> None:
    body = '{"reason": "faulty"}'
    headers = {**ADMIN, "Idempotency-Key": "k", "Content-Type": "application/json"}
    first = api.client.post(f"{ORDER}/disputes", content=body, headers=headers)
    again = api.client.post(f"{ORDER}/disputes", content='{ "reason":"faulty" }', headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.headers["idempotent-replayed"] == "true"


def test_keys_belong_to_their_caller_and_their_route(api: Api) -> None:
    c1, c2 = api.customer("C1"), api.customer("C2")
    one = api.post("/api/v1/conversations", {}, key="shared", headers=c1)
    two = api.post("/api/v1/conversations", {}, key="shared", headers=c2)
    assert one.json()["id"] != two.json()["id"]
    assert two.json()["customer_id"] == "C2"
    # another token of the same customer is the same caller
    again = api.post("/api/v1/conversations", {}, key="shared", headers=api.customer("C1"))
    assert again.json()["id"] == one.json()["id"]
    # the same key on another route is another request
    assert api.post(f"{ORDER}/refunds", {"amount": 500}, key="shared").status_code == 200
    assert api.post(f"{ORDER}/disputes", {"reason": "faulty"}, key="shared").status_code == 200
    assert api.count(Refund) == 1
    assert api.count(Case, type="dispute") == 1


def test_a_request_refused_before_it_ran_keeps_no_answer(api: Api) -> None:
    """A body the schema refuses ran nothing: the key stays free for the corrected request."""
    refused = api.post(f"{ORDER}/refunds", {"amount": "1000"}, key="fix-me")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_request"
    fixed = api.post(f"{ORDER}/refunds", {"amount": 1000}, key="fix-me")
    assert fixed.status_code == 200, fixed.text
    assert api.count(Refund) == 1


def test_a_rule_refusal_is_kept_like_any_answer(api: Api) -> None:
    first = api.post("/api/v1/orders/NOPE/refunds", {"amount": 1000}, key="nope")
    again = api.post("/api/v1/orders/NOPE/refunds", {"amount": 1000}, key="nope")
    assert (first.status_code, again.status_code) == (404, 404)
    assert again.headers["idempotent-replayed"] == "true"


def test_a_key_must_be_short_printable_text(api: Api) -> None:
    for bad in (b"x" * 256, b"with space", "é".encode()):
        refused = api.client.post(
            f"{ORDER}/refunds", json={"amount": 1000}, headers={**ADMIN, "Idempotency-Key": bad}
        )
        assert refused.status_code == 422, bad
        assert refused.json()["error"]["code"] == "invalid_idempotency_key"
    assert api.count(Refund) == 0


def test_a_request_still_in_progress_answers_409_and_runs_nothing(api: Api) -> None:
    """Another process holds the key (claimed, no answer yet): the repeat does not run."""
    from ridgeline.kit import idempotency

    c = api.app.state.container
    body = b'{"amount":1000}'
    claim = idempotency.Request("admin:", f"POST {ORDER}/refunds", "busy", body)
    assert idempotency.claim(c.db, claim).state == "claimed"
    held = api.post(f"{ORDER}/refunds", {"amount": 1000}, key="busy")
    assert held.status_code == 409
    assert held.json()["error"]["code"] == "idempotency_key_in_progress"
    assert held.headers["retry-after"] == "1"
    assert api.count(Refund) == 0


def test_concurrent_requests_with_one_key_run_once(api: Api) -> None:
    start = threading.Barrier(6)
    answers: list[int] = []
    lock = threading.Lock()

    def attempt() -> None:
        start.wait()
        response = api.post(f"{ORDER}/refunds", {"amount": 700}, key="race")
        with lock:
            answers.append(response.status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(answers) == 6
    assert set(answers) <= {200, 409}
    assert 200 in answers
    assert api.count(Refund) == 1


def test_the_answer_holds_across_processes_and_restarts(api: Api, database_url: str) -> None:
    first = api.post(f"{ORDER}/refunds", {"amount": 1000}, key="restart")
    assert first.status_code == 200
    other = build_app(database_url)  # a second server process on the same database
    with TestClient(other) as client:
        again = client.post(
            f"{ORDER}/refunds",
            json={"amount": 1000},
            headers={**ADMIN, "Idempotency-Key": "restart"},
        )
    other.state.container.db.dispose()
    assert again.status_code == 200
    assert again.json() == first.json()
    assert api.count(Refund) == 1


def test_keys_expire_after_24_hours(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from ridgeline.kit import idempotency

    assert timedelta(hours=24) == idempotency.TTL
    assert api.post(f"{ORDER}/refunds", {"amount": 1000}, key="old").status_code == 200
    later = idempotency.wall_clock() + timedelta(hours=24, seconds=1)
    monkeypatch.setattr(idempotency, "wall_clock", lambda: later)
    again = api.post(f"{ORDER}/refunds", {"amount": 1000}, key="old")
    assert again.status_code == 200
    assert "idempotent-replayed" not in again.headers
    assert api.count(Refund) == 2
