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
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import service
from ridgeline.lending.policy import DEFAULT_POLICY
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
    with container.db.reader() as reader:
        stale = service.prepare(
            reader, container.clock, DEFAULT_POLICY, container.engine, conversation, "yes"
        )
    assert understanding.calls == ["yes"]
    fast_chat.say(RETURN)  # the assistant now asks for a confirmation
    with container.db.writer() as session:
        ctx = ServiceContext(session, container.clock, Actor("customer", None))
        posted = service.post(ctx, container.engine, conversation, "yes", None, stale)
        session.commit()
    assert understanding.calls == ["yes", RETURN]  # re-read inside the turn, as a bare yes
    assert posted.result is not None
    assert posted.result.trace["model"] == "lexicon"
    assert [a["type"] for a in posted.result.actions] == ["plan.paused", "case.opened"]
