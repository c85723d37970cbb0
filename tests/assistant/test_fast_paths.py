"""What a turn may skip: the model for a bare yes/no to the question just asked, and a second
read of the records, but never at the price of acting on a stale reading."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.lexicon import bare_answer
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.config import Settings
from ridgeline.conversations import messages
from ridgeline.kit.errors import NotFoundError
from ridgeline.web.app import create_app
from tests.assistant.conftest import PAID2, Chat, read
from tests.conftest import ADMIN_TOKEN
from tests.factories import customer, order

RETURN = "I sent the trainers back, do I have to keep paying?"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Yes please!", "yes"),
        ("yes", "yes"),
        ("Oui, merci.", "yes"),
        ("ja gerne", "yes"),
        ("ja tack", "yes"),
        ("Sí, por favor", "yes"),
        ("sì grazie", "yes"),
        ("nej tack", "no"),
        ("No, grazie", "no"),
        ("nein danke", "no"),
        ("No, I want a person", None),
        ("yes but I lost my job", None),
        ("ja, aber nicht heute", None),
        ("no problem", None),
        ("Yes, pay 50 euros", None),
        ("hello", None),
    ],
)
def test_a_bare_answer_is_nothing_but_the_answer(text: str, said: str | None) -> None:
    assert bare_answer(text) == said


@pytest.fixture
def understanding() -> ScriptedUnderstanding:
    return ScriptedUnderstanding({RETURN: read("en", "report_return")})


@pytest.fixture
def fast_chat(database_url: str, understanding: ScriptedUnderstanding) -> Iterator[Chat]:
    engine = Engine(understanding)
    app = create_app(
        Settings(database_url, sandbox=True, admin_token=ADMIN_TOKEN), engine_factory=lambda: engine
    )
    with TestClient(app, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        c = Chat(client, understanding.script)
        c.load(customers=[customer()], orders=[order(statuses=PAID2)])
        yield c
    app.state.container.db.dispose()


def test_a_bare_yes_to_the_question_needs_no_model(
    fast_chat: Chat, understanding: ScriptedUnderstanding
) -> None:
    fast_chat.say(RETURN)
    assert understanding.calls == [RETURN]
    answer = fast_chat.say("Yes please!")
    assert [a["type"] for a in answer["actions"]] == ["plan.paused", "case.opened"]
    assert understanding.calls == [RETURN]  # the yes was read from its words alone


def test_more_than_an_answer_goes_through_the_model(
    fast_chat: Chat, understanding: ScriptedUnderstanding
) -> None:
    fast_chat.say(RETURN)
    fast_chat.say("yes but I want to talk to someone first")
    assert understanding.calls[-1] == "yes but I want to talk to someone first"


def test_a_yes_out_of_the_blue_goes_through_the_model(
    fast_chat: Chat, understanding: ScriptedUnderstanding
) -> None:
    fast_chat.start()
    fast_chat.say("yes")
    assert understanding.calls == ["yes"]


def test_a_reading_prepared_before_another_turn_is_not_used(
    fast_chat: Chat, understanding: ScriptedUnderstanding
) -> None:
    """Two messages at once: the second was understood against the state before the first
    turn, so it is understood again inside its own turn."""
    fast_chat.start()
    container = fast_chat.client.app.state.container  # type: ignore[attr-defined]
    conversation = fast_chat.conversation
    stale = messages.understand(
        container.db, container.clock, container.engine, conversation, "yes"
    )
    assert understanding.calls == ["yes"]
    fast_chat.say(RETURN)  # the assistant now asks for a confirmation
    db, clock = container.db, container.clock
    posted = messages.keep(db, clock, container.engine, conversation, "yes", None, stale)
    assert understanding.calls == ["yes", RETURN]  # re-read inside the turn, as a bare yes
    assert posted.result is not None
    assert posted.result.trace["model"] == "lexicon"
    assert [a["type"] for a in posted.result.actions] == ["plan.paused", "case.opened"]


def _prepare(chat: Chat, text: str, customer_id: str | None = None) -> messages.Prepared:
    container = chat.client.app.state.container  # type: ignore[attr-defined]
    return messages.understand(
        container.db, container.clock, container.engine, chat.conversation, text, customer_id
    )


def _post(
    chat: Chat, text: str, prepared: messages.Prepared, customer_id: str | None = None
) -> messages.Posted:
    container = chat.client.app.state.container  # type: ignore[attr-defined]
    db, clock, engine = container.db, container.clock, container.engine
    return messages.keep(db, clock, engine, chat.conversation, text, customer_id, prepared)


def test_a_turn_that_only_reads_is_stored_as_it_was_worked_out(fast_chat: Chat) -> None:
    """Asking for a confirmation changes no records: the turn is worked out before the write
    transaction, which only stores it, and the conversation goes on from the stored state."""
    fast_chat.start()
    prepared = _prepare(fast_chat, RETURN)
    assert prepared.result is not None
    posted = _post(fast_chat, RETURN, prepared)
    assert not posted.under_lock  # stored as worked out: the turn did not run again
    assert posted.status == "assistant"
    transcript = fast_chat.client.get(f"/api/v1/conversations/{fast_chat.conversation}").json()
    said = [(m["role"], m["text"]) for m in transcript["messages"]]
    assert said[1:] == [("customer", RETURN), ("assistant", posted.replies[0].text)]
    answer = fast_chat.say("yes")
    assert [a["type"] for a in answer["actions"]] == ["plan.paused", "case.opened"]


def test_a_turn_that_writes_is_left_to_its_transaction(fast_chat: Chat) -> None:
    fast_chat.say(RETURN)
    prepared = _prepare(fast_chat, "yes")
    assert prepared.reading is not None  # understood ahead,
    assert prepared.result is None  # but the confirmed change is made under the lock
    posted = _post(fast_chat, "yes", prepared)
    assert posted.result is not None
    assert [a["type"] for a in posted.result.actions] == ["plan.paused", "case.opened"]


def test_a_turn_worked_out_on_a_conversation_that_moved_is_not_stored(fast_chat: Chat) -> None:
    fast_chat.start()
    stale = _prepare(fast_chat, RETURN)
    fast_chat.say(RETURN)  # the same message, stored first by another request
    posted = _post(fast_chat, RETURN, stale)
    assert posted.under_lock  # the turn ran again on the current state
    transcript = fast_chat.client.get(f"/api/v1/conversations/{fast_chat.conversation}").json()
    assert [m["seq"] for m in transcript["messages"]] == [1, 2, 3, 4, 5]


def test_no_turn_is_worked_out_on_another_customers_conversation(fast_chat: Chat) -> None:
    fast_chat.start()
    prepared = _prepare(fast_chat, RETURN, "C2")
    assert prepared.reading is None and prepared.result is None
    with pytest.raises(NotFoundError):
        _post(fast_chat, RETURN, prepared, "C2")
