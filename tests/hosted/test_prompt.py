"""The prompt: a versioned template file with every flow described, the conversation's state, the
customer's orders and nothing personal; and the JSON schema the answer is asked in."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ridgeline.assistant.adapters.hosted import prompt
from ridgeline.assistant.adapters.hosted.commands import SLOTS, json_schema
from ridgeline.assistant.read_context import read_context
from ridgeline.assistant.state import ConversationState, Frame
from ridgeline.assistant.views import CardView, CustomerView, InstallmentView, OrderView
from ridgeline.policy import HANDOFF_REASONS

TODAY = date(2026, 3, 10)


def customer() -> CustomerView:
    """Return a customer with contact details, a card and one order."""
    order = OrderView(
        id="O1",
        merchant="Nordic Shoes",
        items=("Running shoes",),
        placed_at=datetime(2026, 2, 20, 9, tzinfo=UTC),
        currency="EUR",
        total=12000,
        product="pay_in_4",
        plan_status="active",
        apr_bps=0,
        autopay=True,
        installments=tuple(
            InstallmentView(n, date(2026, 2, 20 + 0), 3000, "paid" if n < 3 else "scheduled")
            for n in range(1, 5)
        ),
    )
    return CustomerView(
        id="C1",
        name="Amélie Dupont",
        market="FR",
        language="fr",
        currency="EUR",
        email="amelie@example.com",
        phone="+33600000000",
        locked=False,
        status="active",
        spending_limit=50000,
        orders=(order,),
        cards=(CardView("K1", "4242", "active"),),
    )


def test_the_template_file_is_versioned_and_describes_every_flow_it_offers() -> None:
    file = prompt.prompt_file()
    assert file.version == "hosted-prompt/1"
    assert set(file.flows) == set(prompt.offered_flows())
    assert all(line and "\n" not in line for line in file.flows.values())
    system = prompt.system_message()
    for flow in prompt.offered_flows():
        assert f"- {flow}: {file.flows[flow]}" in system
    assert "[slots: order_id]" in system and all(r in system for r in HANDOFF_REASONS)


def test_the_turn_carries_the_state_the_wait_and_the_orders_but_nothing_personal() -> None:
    state = ConversationState(language="fr")
    state.frame = Frame(
        "update_contact",
        step=1,
        slots={"contact_field": "email", "contact_value": "new@example.com", "order_id": "O1"},
        awaiting="confirm",
    )
    state.pending = [["pay_now", "pay_now", {}]]
    context = read_context(state, customer())
    text = prompt.user_message("[email] s'il vous plaît", context, TODAY)
    assert "flow in progress update_contact (order O1)" in text
    assert "known: contact_field, contact_value, order_id" in text  # named, never given
    assert "queued requests pay_now" in text
    assert "waiting for: a yes or a no to the change it has just shown" in text
    assert "- O1 | Nordic Shoes | Running shoes | 2026-02-20 | 120.00 EUR" in text
    assert "<<<\n[email] s'il vous plaît\n>>>" in text
    for personal in ("amelie@example.com", "new@example.com", "600000000", "4242", "Dupont"):
        assert personal not in text and personal not in prompt.system_message()


def test_what_the_assistant_waits_for_is_said_in_words() -> None:
    state = ConversationState(language="en", choices=["pay_now", "payoff_quote"])
    said = prompt.waiting_for(read_context(state, customer()))
    assert said == "which of these requests the customer means (pay_now, payoff_quote)"
    state = ConversationState(language="en", human_offered="low_confidence")
    assert prompt.waiting_for(read_context(state, customer())).endswith("offer of a person")
    assert read_context(state, customer()).asked_yes_no


def _objects(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found += _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(value)
    return found


def test_the_schema_suits_strict_structured_outputs() -> None:
    schema = json_schema(prompt.offered_flows(), HANDOFF_REASONS)
    objects = _objects(schema)
    assert len(objects) == 9  # the answer, seven commands, the slots of start_flow
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    variants = schema["properties"]["commands"]["items"]["anyOf"]
    assert [v["properties"]["command"]["const"] for v in variants] == [
        "start_flow",
        "set_slot",
        "confirm",
        "handoff",
        "answer_from_article",
        "clarify",
        "out_of_scope",
    ]
    assert variants[0]["properties"]["flow"]["enum"] == list(prompt.offered_flows())
    assert variants[1]["properties"]["name"]["enum"] == list(SLOTS)
