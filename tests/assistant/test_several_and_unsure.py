"""Several requests in one message, clarifying questions, and gentle questions on weak signs:
the engine's decisions on scripted readings, end to end through the chat API."""

from __future__ import annotations

from ridgeline.assistant.ports import Reading
from tests.assistant.conftest import Chat, read

TWO = "when is the next one, and can you pause my plan I sent it back"
UNSURE = "it's about my payment"
TIGHT = "money is a bit tight, when is the next payment?"
TIGHT_CHANGE = "money is a bit tight, can I move my payment?"


def _several(language: str, *requests: str, score: float = 0.8) -> Reading:
    return Reading(
        language=language,
        intents=tuple((r, score) for r in requests),
        out_of_scope=False,
        requests=requests,
        model="scripted",
    )


def _unsure(*candidates: tuple[str, float], in_domain: float = 0.9) -> Reading:
    return Reading(
        language="en",
        intents=candidates,
        out_of_scope=True,
        in_domain=in_domain,
        model="scripted",
    )


def test_a_read_and_a_change_are_both_handled_reads_first(chat: Chat) -> None:
    chat.script[TWO] = _several("en", "report_return", "next_payment")
    answer = chat.say(TWO)
    assert answer["intents"] == ["next_payment", "report_return"]
    assert answer["intent"] == "next_payment"
    text = "\n".join(m["text"] for m in answer["messages"])
    assert "Your next payment is" in text and "(yes/no)" in text
    assert answer["actions"] == []
    done = chat.say("yes")
    assert [a["type"] for a in done["actions"]] == ["plan.paused", "case.opened"]


def test_a_second_change_is_asked_once_the_first_is_answered(chat: Chat) -> None:
    chat.load(cards=[{"id": "K1", "customer_id": "C1", "last4": "4242", "status": "active"}])
    both = "pause my plan I sent it back, and freeze my card"
    chat.script[both] = _several("en", "report_return", "card_lost")
    first = chat.say(both)
    assert first["intents"] == ["report_return", "card_lost"]
    assert first["actions"] == []
    second = chat.say("yes")
    assert "plan.paused" in [a["type"] for a in second["actions"]]
    assert "freeze" in second["messages"][-1]["text"].casefold()
    third = chat.say("yes")
    assert [a["type"] for a in third["actions"]] == ["card.frozen"]


def test_more_than_three_requests_say_the_rest_can_follow(chat: Chat) -> None:
    many = "four things"
    chat.script[many] = _several(
        "en", "next_payment", "financing_details", "spending_limit", "payment_schedule"
    )
    answer = chat.say(many)
    assert len(answer["intents"]) == 3
    assert "first three questions" in answer["messages"][-1]["text"]


def test_an_unsure_in_domain_reading_asks_with_choices_and_takes_a_number(chat: Chat) -> None:
    chat.script[UNSURE] = _unsure(("next_payment", 0.3), ("pay_now", 0.2), ("late_fee", 0.1))
    asked = chat.say(UNSURE)
    assert [c["intent"] for c in asked["choices"]] == ["next_payment", "pay_now"]
    assert asked["choices"][0]["label"] == "When my next payment is"
    assert asked["actions"] == [] and asked["state"] == "assistant"
    assert "1. When my next payment is" in asked["messages"][0]["text"]
    picked = chat.say("1")
    assert picked["intent"] == "next_payment"
    assert "Your next payment is" in picked["messages"][0]["text"]


def test_a_choice_is_taken_by_its_words(chat: Chat) -> None:
    chat.script[UNSURE] = _unsure(("next_payment", 0.3), ("pay_now", 0.25))
    chat.say(UNSURE)
    assert chat.say("when my next payment is please")["intent"] == "next_payment"


def test_an_answer_matching_no_choice_asks_again_then_offers_a_person(chat: Chat) -> None:
    chat.script[UNSURE] = _unsure(("next_payment", 0.3), ("pay_now", 0.25))
    chat.say(UNSURE)
    again = chat.say("bananas")
    assert [c["intent"] for c in again["choices"]] == ["next_payment", "pay_now"]
    assert again["actions"] == []
    gave_up = chat.say("more bananas")
    assert gave_up["choices"] == []
    assert "talk to a person" in gave_up["messages"][0]["text"]
    assert chat.say("yes")["state"] == "waiting_for_human"


def test_off_topic_is_out_of_scope_not_a_question(chat: Chat) -> None:
    weather = "will it rain"
    chat.script[weather] = _unsure(("next_payment", 0.2), in_domain=0.1)
    answer = chat.say(weather)
    assert answer["choices"] == [] and answer["intent"] == "out_of_scope"
    assert answer["actions"] == []


def test_a_weak_sign_answers_the_read_then_asks_gently(chat: Chat) -> None:
    chat.script[TIGHT] = Reading(
        language="en",
        intents=(("next_payment", 0.8), ("financial_difficulty", 0.5)),
        out_of_scope=False,
        weak_safety=("financial_difficulty",),
        model="scripted",
    )
    answer = chat.say(TIGHT)
    texts = [m["text"] for m in answer["messages"]]
    assert texts[0].startswith("Your next payment is")
    assert "financial support team" in texts[-1]
    assert answer["handoff"] is None and answer["state"] == "assistant"
    yes = chat.say("yes")
    assert yes["state"] == "waiting_for_human"
    assert yes["handoff"]["reason"] == "financial_difficulty"
    assert yes["handoff"]["queue"] == "financial_support"


def test_a_weak_sign_with_a_change_asks_first_and_a_no_carries_on(chat: Chat) -> None:
    chat.script[TIGHT_CHANGE] = Reading(
        language="en",
        intents=(("extend_due_date", 0.8), ("financial_difficulty", 0.5)),
        out_of_scope=False,
        weak_safety=("financial_difficulty",),
        model="scripted",
    )
    first = chat.say(TIGHT_CHANGE)
    assert first["actions"] == [] and first["intent"] == "extend_due_date"
    assert "financial support team" in first["messages"][0]["text"]
    carried_on = chat.say("no")
    assert carried_on["state"] == "assistant"
    assert "(yes/no)" in carried_on["messages"][-1]["text"]  # the extension is now proposed
    assert [a["type"] for a in chat.say("yes")["actions"]] == ["due_date.extended"]


def test_a_strong_phrase_still_hands_over_at_once(chat: Chat) -> None:
    lost_job = "I lost my job and cannot pay"
    chat.script[lost_job] = read(
        "en", "financial_difficulty", 0.6, safety=("financial_difficulty",)
    )
    answer = chat.say(lost_job)
    assert answer["state"] == "waiting_for_human"
    assert answer["handoff"]["reason"] == "financial_difficulty"


def test_emoji_only_gets_a_clear_answer_and_changes_nothing(chat: Chat) -> None:
    chat.script["🙂🙂"] = Reading(
        language="en", intents=(), out_of_scope=True, no_words=True, model="scripted"
    )
    answer = chat.say("🙂🙂")
    assert "in a few words" in answer["messages"][0]["text"]
    assert answer["actions"] == [] and answer["choices"] == []


def test_the_model_alone_beside_a_clear_request_asks_nothing(chat: Chat) -> None:
    travel = "lock my account, I'm travelling"
    chat.script[travel] = Reading(
        language="en",
        intents=(("lock_account", 0.9), ("vulnerability", 0.7)),
        out_of_scope=False,
        model="scripted",
    )
    answer = chat.say(travel)
    assert answer["intent"] == "lock_account"
    assert "support team" not in answer["messages"][0]["text"]
