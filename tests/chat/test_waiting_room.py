"""The waiting room: a customer waiting for a person hears where they stand, how long it may
take, who is online, and, when nobody can answer, may ask to be called back or emailed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from ridgeline.conversations import waiting
from ridgeline.conversations.models import Conversation
from ridgeline.conversations.waiting import History, Place, estimate, wait_words
from ridgeline.kit.ids import new_id
from ridgeline.policy import DEFAULT_POLICY, OPENING_HOURS
from ridgeline.simulation.erlang import erlang_c_mean_wait
from tests.chat.conftest import VULNERABLE, Chat
from tests.desk.live import EventReader, serve
from tests.factories import NOW

BASE = "/api/v1/conversations"
SUNDAY = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # the desk is closed in every market
NO_HISTORY = History(0, None, None)


# -- the estimate ---------------------------------------------------------------------------


def test_nobody_online_gives_no_estimate() -> None:
    assert estimate(Place(1, 1, 0, 0, 0), NO_HISTORY) == (None, None)


def test_with_little_history_erlang_c_estimates_the_wait() -> None:
    # One agent with three free slots, one customer: Erlang C's short wait.
    seconds, method = estimate(Place(1, 1, 1, 3, 0), NO_HISTORY)
    assert method == "erlang_c"
    assert seconds == round(erlang_c_mean_wait(3, 1.0, waiting.DEFAULT_HANDLE_SECONDS))
    # Every slot taken: the second in line waits for two chats to end, shared by the slots.
    seconds, method = estimate(Place(2, 2, 1, 2, 2), NO_HISTORY)
    assert (seconds, method) == (round(2 * waiting.DEFAULT_HANDLE_SECONDS / 2), "erlang_c")


def test_with_enough_history_the_observed_times_estimate_the_wait() -> None:
    history = History(waiting.MIN_HISTORY, mean_handle_seconds=600.0, pickup_seconds=30.0)
    assert estimate(Place(1, 1, 2, 2, 0), history) == (30, "observed")  # a free slot: pick-up
    assert estimate(Place(3, 3, 2, 2, 2), history) == (30 + 3 * 600 // 2, "observed")
    too_little = History(waiting.MIN_HISTORY - 1, 600.0, 30.0)
    assert estimate(Place(1, 1, 2, 2, 0), too_little)[1] == "erlang_c"


def test_the_wait_is_said_in_words_of_the_language() -> None:
    assert wait_words(20, "en") == "less than a minute"
    assert wait_words(240, "en") == "about 4 minutes"
    assert wait_words(240, "fr") == "environ 4 minutes"
    assert wait_words(240, "de") == "etwa 4 Minuten"


def test_opening_hours_per_market() -> None:
    paris = OPENING_HOURS["FR"]
    assert paris.is_open(NOW)  # Tuesday 13:00 in Paris
    assert not paris.is_open(SUNDAY)
    assert paris.next_opening(SUNDAY) == datetime(2026, 3, 16, 7, 0, tzinfo=UTC)  # 08:00 CET
    late = datetime(2026, 3, 10, 19, 30, tzinfo=UTC)  # 20:30 in Paris
    assert not paris.is_open(late)
    assert paris.next_opening(late) == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
    assert DEFAULT_POLICY.hours("XX") == OPENING_HOURS["GB"]


# -- through the API --------------------------------------------------------------------------


def _waiting(chat: Chat, conversation_id: str, token: str) -> dict[str, object]:
    found = chat.get(f"{BASE}/{conversation_id}", token).json()
    assert found["state"] == "waiting_for_human"
    result: dict[str, object] = found["waiting"]
    return result


def test_nobody_online_the_customer_is_told_and_offered_a_call_back(chat: Chat) -> None:
    conversation_id, token = chat.waiting_for_person()
    found = _waiting(chat, conversation_id, token)
    assert found["position"] == 1
    assert found["agents_online"] == 0
    assert found["estimated_wait_seconds"] is None
    assert found["open_now"] is True and found["offer_callback"] is True
    said = chat.say(conversation_id, token, "hello?")
    assert said.status_code == 202
    body = said.json()
    assert [m["role"] for m in body["messages"]] == ["system"]
    assert "Nobody is online right now" in body["messages"][0]["text"]
    assert body["waiting"]["agents_online"] == 0


def test_position_and_wait_follow_the_desk_queue(chat: Chat) -> None:
    chat.agent("ana@lender.example", name="Ana Costa", capacity=1)  # signs in: online
    first, first_token = chat.waiting_for_person("C1")
    second, second_token = chat.waiting_for_person("C2")
    one = _waiting(chat, first, first_token)
    two = _waiting(chat, second, second_token)
    assert (one["position"], two["position"]) == (1, 2)
    assert one["agents_online"] == two["agents_online"] == 1
    assert one["estimate"] == two["estimate"] == "erlang_c"
    assert isinstance(two["estimated_wait_seconds"], int)
    assert two["estimated_wait_seconds"] > 0
    said = chat.say(second, second_token, "are you there?").json()
    text = said["messages"][0]["text"]
    assert text.startswith("A person will see your message. You are number 2 in line;")
    assert "the expected wait is about" in text
    # A vulnerable customer comes first, as at the desk.
    third, third_token = chat.waiting_for_person("C3", VULNERABLE)
    assert _waiting(chat, third, third_token)["position"] == 1
    assert _waiting(chat, first, first_token)["position"] == 2


def test_the_history_of_the_last_days_estimates_when_there_is_enough(chat: Chat) -> None:
    db = chat.app.state.container.db
    with db.writer() as session:
        for i in range(waiting.MIN_HISTORY):
            at = NOW - timedelta(days=1, minutes=i)
            session.add(
                Conversation(
                    id=new_id("CONV"),
                    customer_id="C3",
                    channel="web",
                    status="closed",
                    language="en",
                    state={"language": "en"},
                    created_at=at,
                    updated_at=at,
                    handed_over_at=at,
                    claimed_at=at,
                    closed_at=at,
                    wait_seconds=60 + i,
                    handle_seconds=300,
                )
            )
        session.commit()
    chat.agent("ana@lender.example", name="Ana")
    conversation_id, token = chat.waiting_for_person()
    found = _waiting(chat, conversation_id, token)
    assert found["estimate"] == "observed"
    assert found["estimated_wait_seconds"] == 60 + waiting.MIN_HISTORY // 4  # a slot is free


def test_outside_hours_the_customer_may_ask_for_a_call_back_once(chat: Chat) -> None:
    chat.agent("ana@lender.example", name="Ana")
    conversation_id, token = chat.waiting_for_person()
    chat.set_clock(SUNDAY)
    found = _waiting(chat, conversation_id, token)
    assert found["open_now"] is False and found["offer_callback"] is True
    assert found["estimated_wait_seconds"] is None
    assert str(found["opens_at"]).startswith("2026-03-16T08:00:00")  # 08:00 in London
    said = chat.say(conversation_id, token, "anyone?").json()
    assert "when our team is back, Monday 08:00" in said["messages"][0]["text"]

    asked = chat.post(f"{BASE}/{conversation_id}/callback", token, {"channel": "email"})
    assert asked.status_code == 201, asked.text
    body = asked.json()
    assert body["waiting"]["callback"] == "email"
    assert "answer you by email" in body["messages"][-1]["text"]
    cases = chat.get("/api/v1/cases?customer_id=C1", token).json()
    callbacks = [c for c in cases if c["type"] == "callback"]
    assert len(callbacks) == 1
    again = chat.post(f"{BASE}/{conversation_id}/callback", token, {"channel": "phone"})
    assert again.status_code == 409
    assert again.json()["error"]["rule"] == "callback_requested"


def test_a_call_back_is_not_offered_while_a_person_is_there(chat: Chat) -> None:
    chat.agent("ana@lender.example", name="Ana")
    conversation_id, token = chat.waiting_for_person()
    refused = chat.post(f"{BASE}/{conversation_id}/callback", token, {"channel": "phone"})
    assert refused.status_code == 409
    assert refused.json()["error"]["rule"] == "person_available"
    wrong = chat.post(f"{BASE}/{conversation_id}/callback", token, {"channel": "pigeon"})
    assert wrong.status_code == 422
    other = chat.customer_token("C2")
    assert (
        chat.post(f"{BASE}/{conversation_id}/callback", other, {"channel": "phone"}).status_code
        == 404
    )


def test_the_person_who_joins_is_named_by_first_name(chat: Chat) -> None:
    _, agent = chat.agent("ana@lender.example", name="Ana Costa")
    conversation_id, token = chat.waiting_for_person()
    claimed = chat.post(f"/api/v1/desk/conversations/{conversation_id}/claim", agent)
    assert claimed.status_code == 200, claimed.text
    chat.post(f"/api/v1/desk/conversations/{conversation_id}/messages", agent, {"text": "Hi!"})
    found = chat.get(f"{BASE}/{conversation_id}", token).json()
    assert found["state"] == "with_human" and found["waiting"] is None
    assert found["agent"] == "Ana"
    assert found["messages"][-1]["author"] == "Ana"
    assert "Ana Costa" in found["messages"][-2]["text"]  # the desk's notice


def test_quick_replies_are_in_the_turn_and_the_transcript(chat: Chat) -> None:
    conversation_id, token = chat.start()
    asked = chat.say(conversation_id, token, "it's about my payment").json()
    assert [c["label"] for c in asked["choices"]] == [
        "When my next payment is",
        "See my payment schedule",
    ]
    assert asked["expects"] is None
    found = chat.get(f"{BASE}/{conversation_id}", token).json()
    assert [c["intent"] for c in found["choices"]] == ["next_payment", "payment_schedule"]
    answered = chat.say(conversation_id, token, "When my next payment is").json()
    assert answered["intent"] == "next_payment" and answered["choices"] == []
    confirm = chat.say(conversation_id, token, "I sent the shoes back").json()
    assert confirm["expects"] == "yes_no"
    assert chat.get(f"{BASE}/{conversation_id}", token).json()["expects"] == "yes_no"
    done = chat.say(conversation_id, token, "Yes").json()
    assert "plan.paused" in [a["type"] for a in done["actions"]]
    assert done["expects"] is None


@pytest.mark.browser  # a live server: the stream's waiting events as the queue moves
def test_the_stream_tells_the_position_as_the_queue_moves(chat: Chat) -> None:
    _, agent = chat.agent("ana@lender.example", name="Ana", capacity=1)
    first, _ = chat.waiting_for_person("C1")
    second, token = chat.waiting_for_person("C2")
    with serve(chat.app) as base, _waiting_stream(base, second, token) as events:
        seen = _next_waiting(events)
        assert seen["position"] == 2 and seen["state"] == "waiting_for_human"
        assert chat.post(f"/api/v1/desk/conversations/{first}/claim", agent).status_code == 200
        moved = _next_waiting(events)
        assert moved["position"] == 1
        assert moved["estimated_wait_seconds"] == round(waiting.DEFAULT_HANDLE_SECONDS)


@contextmanager
def _waiting_stream(base: str, conversation_id: str, token: str) -> Iterator[EventReader]:
    url = f"{base}{BASE}/{conversation_id}/events"
    with (
        httpx.Client(timeout=httpx.Timeout(20.0, connect=5.0)) as client,
        client.stream(
            "GET", url, params={"waiting": "true"}, headers={"Authorization": f"Bearer {token}"}
        ) as response,
    ):
        assert response.status_code == 200
        yield EventReader(response.iter_lines())


def _next_waiting(events: EventReader) -> dict[str, Any]:
    for _ in range(20):
        event = events.next()
        if event.event == "waiting":
            return event.data
    raise AssertionError("no waiting event")
