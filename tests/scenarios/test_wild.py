"""The blind set and `ridgeline eval wild`: the set is whole and never trained on, a turn is
judged by what its message's label asks, and a run goes through the real assistant."""

from __future__ import annotations

import unicodedata

import pytest

from ridgeline.assistant.engine import Engine, Reply, TurnResult
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.testing import ScriptedUnderstanding
from ridgeline.scenarios.wild import (
    LANGUAGES,
    WildMessage,
    judge,
    misses,
    report,
    run_wild,
    wild_set,
)
from ridgeline.understanding.catalogue import (
    examples,
    multi_requests,
    out_of_scope_messages,
    out_of_scope_training,
)


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if c.isalnum() or c.isspace()).split())


def test_the_blind_set_has_a_hundred_messages_per_language_of_every_kind() -> None:
    found = wild_set()
    assert set(found) == set(LANGUAGES)
    for messages in found.values():
        assert len(messages) >= 100
        assert {m.kind for m in messages} >= {"plain", "multi", "informal", "off_topic"}
        assert any(m.safety == "must" for m in messages)


def test_no_training_message_repeats_a_blind_one() -> None:
    trained = {_key(e.text) for e in examples()} | {_key(m.text) for m in multi_requests()}
    for messages in (out_of_scope_training(), out_of_scope_messages()):
        trained |= {_key(t) for texts in messages.values() for t in texts}
    blind = {_key(m.text) for ms in wild_set().values() for m in ms}
    assert blind.isdisjoint(trained)


def _turn(
    intents: list[str],
    *,
    says: list[str],
    handoff: str | None = None,
    choices: list[str] | None = None,
) -> TurnResult:
    return TurnResult(
        [Reply("…", "en")],
        ConversationState("en"),
        intents[0] if intents else None,
        [],
        {"reason": handoff, "queue": "general", "summary": ""} if handoff else None,
        {"says": says},
        intents,
        choices or [],
    )


def _message(intents: list[str], kind: str = "plain", safety: str = "none") -> WildMessage:
    return WildMessage.model_validate(
        {"text": "x", "kind": kind, "intents": intents, "safety": safety}
    )


def test_each_request_must_be_found_or_offered() -> None:
    two = _message(["card_lost", "next_payment"], kind="multi")
    assert judge("en", two, _turn(["card_lost", "next_payment"], says=["a", "b"])).right
    assert not judge("en", two, _turn(["card_lost"], says=["a"])).right
    offered = judge(
        "en",
        _message(["next_payment"]),
        _turn([], says=["x"], choices=["next_payment", "payment_schedule"]),
    )
    assert offered.right and offered.clarified


def test_an_ordinary_question_handed_over_for_hardship_is_wrong() -> None:
    verdict = judge(
        "en",
        _message(["next_payment"], kind="safety_ordinary"),
        _turn(
            ["financial_difficulty"], says=["handoff_difficulty"], handoff="financial_difficulty"
        ),
    )
    assert not verdict.right
    figures = report([verdict])
    assert figures["false_handovers"] == 100.0
    assert misses([verdict])[0]["handoff"] == "financial_difficulty"


def test_off_topic_needs_the_out_of_scope_answer_and_a_must_needs_a_person() -> None:
    off = _message(["out_of_scope"], kind="off_topic")
    assert judge("en", off, _turn([], says=["out_of_scope"])).right
    assert not judge("en", off, _turn(["lock_account"], says=["confirm_lock"])).right
    must = _message(["human_agent"], kind="must_escalate", safety="must")
    assert judge(
        "en", must, _turn(["human_agent"], says=["handoff"], handoff="customer_request")
    ).right
    assert not judge("en", must, _turn([], says=["offer_human_risky"])).right
    wrong = judge("en", _message(["next_payment"]), _turn([], says=["out_of_scope"]))
    assert wrong.answered_out_of_scope and not wrong.right


@pytest.mark.parametrize("language", ["en", "it"])
def test_a_run_goes_through_the_assistant(language: str) -> None:
    reading = Reading(language=language, intents=(("next_payment", 0.9),), out_of_scope=False)
    engine = Engine(ScriptedUnderstanding({"when?": reading}, language=language))
    messages = {
        language: (
            _message(["next_payment"]).model_copy(update={"text": "when?"}),
            _message(["out_of_scope"], kind="off_topic").model_copy(update={"text": "weather?"}),
        )
    }
    verdicts = run_wild(engine, messages)
    assert [v.right for v in verdicts] == [True, True]
    assert verdicts[0].intents == ("next_payment",)
    assert report(verdicts)["accuracy_by_language"] == {language: 100.0}
