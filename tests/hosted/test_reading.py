"""From a model's commands to a reading: what is kept, what is refused, what it never decides."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from ridgeline.assistant.adapters.hosted import commands as c
from ridgeline.assistant.adapters.hosted.prompt import offered_flows
from ridgeline.assistant.adapters.hosted.reading import (
    CHOICE,
    START,
    RefusedCommandError,
    to_reading,
    writes_at_once,
)
from ridgeline.assistant.commands.parse import Thresholds
from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.read_context import OrderLine, ReadContext

ORDERS = (
    OrderLine(
        "O1", "Nordic Shoes", ("Running shoes",), date(2026, 2, 20), "GBP", 12000, "pay_in_4",
        "active", 6000, date(2026, 3, 20), 3000,
    ),
)  # fmt: skip
CONTEXT = ReadContext(orders=ORDERS)
ASKED = ReadContext(flow="late_fee", awaiting="confirm", orders=ORDERS)
BASE = Reading(language="en", intents=(("explain_charge", 0.3),), out_of_scope=False)


def reading(
    *commands: dict[str, Any],
    base: Reading = BASE,
    context: ReadContext = CONTEXT,
    text: str = "hmm",
) -> Reading:
    """Return the reading the commands make."""
    answer = c.parse_answer(json.dumps({"commands": list(commands)}))
    return to_reading(
        answer, base, context, text, flows=offered_flows(), articles={"A1"}, model="m"
    )


def refusal(*commands: dict[str, Any], **kw: Any) -> str:
    """Return why the commands are refused."""
    with pytest.raises(RefusedCommandError) as refused:
        reading(*commands, **kw)
    return refused.value.reason


def test_a_request_becomes_a_confident_intent_with_its_order() -> None:
    r = reading({"command": "start_flow", "flow": "payoff_quote", "slots": {"order_id": "O1"}})
    assert r.intents == (("payoff_quote", START),)
    assert r.order_ids == ("O1",) and r.requests == () and not r.out_of_scope
    assert r.model == "hosted:m" and r.language == "en"
    assert Thresholds().intent <= START < Thresholds().safety_strong


def test_several_requests_keep_their_order() -> None:
    r = reading(
        {"command": "start_flow", "flow": "next_payment", "slots": {"order_id": None}},
        {"command": "start_flow", "flow": "pay_now", "slots": {}},
    )
    assert r.requests == ("next_payment", "pay_now")


def test_another_customers_order_is_refused_wherever_it_appears() -> None:
    assert refusal({"command": "set_slot", "name": "order_id", "value": "O2"}) == (
        "not_customers_order"
    )
    assert refusal({"command": "start_flow", "flow": "pay_now", "slots": {"order_id": "O9"}}) == (
        "not_customers_order"
    )
    assert refusal({"command": "set_slot", "name": "order_id", "value": 1}) == (
        "not_customers_order"
    )


def test_only_the_offered_flows_slots_reasons_and_articles_are_taken() -> None:
    assert refusal({"command": "start_flow", "flow": "still_unrecognised"}) == "unknown_flow"
    assert refusal({"command": "clarify", "options": ["pay_now", "waive_all"]}) == "unknown_flow"
    assert refusal({"command": "set_slot", "name": "amount", "value": "50"}) == "unknown_slot"
    assert refusal({"command": "handoff", "reason": "low_confidence"}) == "reserved_handoff_reason"
    assert refusal({"command": "handoff", "reason": "boss"}) == "unknown_handoff_reason"
    assert refusal({"command": "answer_from_article", "article_id": "A2"}) == "unknown_article"
    r = reading({"command": "answer_from_article", "article_id": "A1"})
    assert r.intents == BASE.intents  # an article alone leaves the embedded reading standing


def test_every_offered_flow_reports_its_own_intent() -> None:
    flows = catalogue().flows
    assert set(offered_flows()) == {n for n, f in flows.items() if f.reports is None}


def test_a_confirm_counts_only_as_the_reply_to_a_question_asked() -> None:
    yes = {"command": "confirm", "value": True}
    assert refusal(yes) == "confirm_without_question"
    assert reading(yes, context=ASKED, text="go on then").intents[0] == ("affirm", 0.8)
    assert reading({"command": "confirm", "value": False}, context=ASKED).top == ("deny", 0.8)
    assert refusal(yes, context=ASKED, text="no thanks, not now") == "confirm_contradicted"
    deny = Reading(language="en", intents=(("deny", 0.9),), out_of_scope=False)
    assert refusal(yes, context=ASKED, base=deny) == "confirm_contradicted"
    offered = ReadContext(awaiting="offer", offered="pay_now", orders=ORDERS)
    assert reading(yes, context=offered).top == ("affirm", 0.8)


def test_a_flow_that_writes_at_once_is_only_offered_as_a_choice() -> None:
    assert {"complaint", "phishing", "data_request"} <= writes_at_once()
    r = reading({"command": "start_flow", "flow": "complaint"})
    assert r.intents == (("complaint", CHOICE),) and r.requests == ()
    assert r.in_domain >= Thresholds().domain  # so the assistant asks which one is meant
    sure = Reading(language="en", intents=(("complaint", 0.8),), out_of_scope=False)
    assert reading({"command": "start_flow", "flow": "complaint"}, base=sure).top == (
        "complaint",
        START,
    )
    via_handoff = reading({"command": "handoff", "reason": "complaint"})
    assert via_handoff.intents == (("complaint", CHOICE),)


def test_a_model_never_removes_a_safety_signal_or_makes_one_sure() -> None:
    base = Reading(
        language="en",
        intents=(("human_agent", 0.95), ("financial_difficulty", 0.4)),
        out_of_scope=False,
        safety=("vulnerability",),
        weak_safety=("financial_difficulty",),
    )
    r = reading({"command": "start_flow", "flow": "next_payment"}, base=base)
    assert dict(r.intents) == {
        "human_agent": 0.95,
        "next_payment": START,
        "financial_difficulty": 0.4,
    }
    assert r.safety == ("vulnerability",) and r.weak_safety == ("financial_difficulty",)
    gone = reading({"command": "out_of_scope"}, base=base)
    assert gone.out_of_scope and dict(gone.intents) == {
        "human_agent": 0.95,
        "financial_difficulty": 0.4,
    }
    hardship = reading({"command": "handoff", "reason": "financial_difficulty"})
    assert hardship.top == ("financial_difficulty", START)  # a gentle question, not a handover
    assert Thresholds().safety_strong > START


def test_a_clarification_offers_its_options() -> None:
    r = reading({"command": "clarify", "options": ["pay_now", "payoff_quote"]})
    assert r.intents == (("pay_now", CHOICE), ("payoff_quote", CHOICE))
    assert Thresholds().candidate <= CHOICE < Thresholds().intent


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Sure!",
        '{"commands": [',
        '```json\n{"commands": []}\n``` and more',
        '{"commands": "start_flow"}',
        '{"commands": [{"command": "start_flow"}]}',
        '{"commands": [' + ", ".join(['{"command": "out_of_scope"}'] * 7) + "]}",
    ],
)
def test_content_that_is_not_the_command_json_is_not_parsed(content: str) -> None:
    with pytest.raises((c.NotJsonError, c.WrongShapeError)):
        c.parse_answer(content)


def test_a_fenced_answer_and_extra_keys_are_read() -> None:
    answer = c.parse_answer('```json\n{"commands": [{"command": "out_of_scope", "why": "x"}]}\n```')
    assert answer.commands == (c.OutOfScope(command="out_of_scope"),)
