"""Mixed mode: the embedded reading answers alone when it is sure; the model is asked only when
it is unsure, never about what it must not see; and any failure leaves the embedded reading."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ridgeline.assistant.adapters.embedded import EmbeddedUnderstanding
from ridgeline.assistant.adapters.hosted import HostedUnderstanding, figures
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.read_context import ReadContext
from ridgeline.assistant.standin import Reply, StandInModel, commands
from ridgeline.assistant.testing import ScriptedUnderstanding
from tests.assistant.conftest import Chat, read
from tests.hosted.conftest import hosted, turn_entries

TODAY = date(2026, 3, 10)
SURE = read("en", "next_payment", 0.9)
UNSURE = read("en", "next_payment", 0.3)
SEVERAL = replace(SURE, requests=("next_payment", "pay_now"))
OFF_TOPIC_IN_DOMAIN = Reading(language="en", intents=(), out_of_scope=True, in_domain=0.8)
OFF_TOPIC = Reading(language="en", intents=(), out_of_scope=True, in_domain=0.1)
SAFE = read("en", "vulnerability", 0.9, safety=("vulnerability",))
NO_WORDS = read("en", no_words=True)


@pytest.fixture
def mode() -> str:
    return "unsure"


def ask(
    adapter: HostedUnderstanding, reading: Reading, context: ReadContext = ReadContext()
) -> dict[str, object]:
    """Read a message the fallback reads as `reading`; return the turn's model note."""
    adapter.fallback = ScriptedUnderstanding({"m": reading})
    result = adapter.read_in_context(
        "m", today=TODAY, orders=[], language_hint="en", context=context
    )
    assert result.model_call is not None
    return result.model_call


@pytest.mark.parametrize(
    ("reading", "why"),
    [
        (SURE, None),
        (UNSURE, "low_confidence"),
        (SEVERAL, "several_requests"),
        (OFF_TOPIC_IN_DOMAIN, "in_domain"),
        (OFF_TOPIC, None),
        (SAFE, None),
        (NO_WORDS, None),
    ],
)
def test_the_model_is_asked_only_when_the_embedded_reading_is_unsure(
    understanding: HostedUnderstanding, model: StandInModel, reading: Reading, why: str | None
) -> None:
    note = ask(understanding, reading)
    assert note.get("why") == why
    assert note["asked"] is (why is not None)
    assert len(model.requests) == (1 if why else 0)


def test_the_confidence_setting_moves_the_share_sent(model: StandInModel) -> None:
    strict = hosted(model, ScriptedUnderstanding({}), "unsure", confidence=0.95)
    assert ask(strict, SURE)["why"] == "low_confidence"
    strict.close()


def test_always_asks_every_turn_but_never_about_what_the_model_must_not_see(
    model: StandInModel,
) -> None:
    always = hosted(model, ScriptedUnderstanding({}), "always")
    assert ask(always, SURE)["why"] == "always"
    assert ask(always, SAFE)["asked"] is False
    assert ask(always, NO_WORDS)["asked"] is False
    code = ReadContext(flow="unlock_account", awaiting="value:code")
    assert ask(always, SURE, code) == {
        "mode": "always",
        "asked": False,
        "withheld": "awaited_value",
    }
    assert len(model.requests) == 1
    assert figures(always.stats) == {
        "turns": 4,
        "asked": 1,
        "share_asked": 25.0,
        "ok_rate": 100.0,
        "error_rate": 0.0,
        "timeout_rate": 0.0,
        "non_json_rate": 0.0,
        "refused_rate": 0.0,
        "unavailable_rate": 0.0,
    }
    always.close()


def test_an_unsure_reading_is_resolved_by_the_model_through_the_same_flows(
    chat: Chat, model: StandInModel
) -> None:
    text = "need to get this thing settled asap"
    chat.script[text] = read("en", "pay_now", 0.3)
    model.queue(commands({"command": "start_flow", "flow": "payoff_quote", "slots": {}}))
    answer = chat.say(text)
    assert answer["intent"] == "payoff_quote"
    assert "(yes/no)" in answer["messages"][0]["text"] and answer["actions"] == []
    chat.script["when is my next payment"] = SURE
    chat.say("when is my next payment")
    calls = [e["model_call"] for e in turn_entries(chat)]
    assert [c["asked"] for c in calls] == [True, False]
    assert len(model.requests) == 1


def test_the_model_may_ask_which_request_is_meant(chat: Chat, model: StandInModel) -> None:
    text = "the money thing with my order"
    chat.script[text] = read("en", "explain_charge", 0.2)
    model.queue(commands({"command": "clarify", "options": ["explain_charge", "refund_status"]}))
    answer = chat.say(text)
    assert [c["intent"] for c in answer["choices"]] == ["explain_charge", "refund_status"]


def test_any_failure_leaves_exactly_the_embedded_reading() -> None:
    embedded = EmbeddedUnderstanding()
    text = "i think somethings off with what you took from me last week"
    with StandInModel() as server:
        adapter = hosted(server, embedded, "always")
        server.queue(
            Reply("Of course! Let me look into that charge for you."),
            Reply(status=502),
            commands({"command": "start_flow", "flow": "make_it_free", "slots": {}}),
        )
        alone = embedded.read(text, today=TODAY, orders=[], language_hint="en")
        for _ in range(3):
            got = adapter.read(text, today=TODAY, orders=[], language_hint="en")
            assert replace(got, model_call=None) == alone
        adapter.close()
    assert [o for o in ("non_json", "error", "refused") if adapter.stats[o] == 1] == [
        "non_json",
        "error",
        "refused",
    ]
