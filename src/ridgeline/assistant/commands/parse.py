"""Turn a reading of a message into commands, in priority order.

1. An attempt to instruct the assistant is blocked (nothing else happens).
2. A request for a person hands over at once, whatever is in progress.
3. Signs of financial difficulty or vulnerability go to trained people (recall first).
4. A yes or a no answers what the assistant asked.
5. A value the flow waits for (an order, a card, a code) continues the flow.
6. A confident new request starts its flow; small talk is answered.
7. Otherwise the assistant says it did not understand (and offers a person when it keeps
   failing, or when the topic is risky).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ridgeline.assistant import lexicon
from ridgeline.assistant.commands.accept_offer import AcceptOffer
from ridgeline.assistant.commands.answer import Answer
from ridgeline.assistant.commands.base import Command
from ridgeline.assistant.commands.blocked import Blocked
from ridgeline.assistant.commands.human_request import HumanRequest
from ridgeline.assistant.commands.misunderstood import Misunderstood
from ridgeline.assistant.commands.provide import Provide
from ridgeline.assistant.commands.small_talk import SmallTalk
from ridgeline.assistant.commands.start_flow import StartFlow
from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.turn import Turn

SMALL_TALK = ("greeting", "thanks", "goodbye")
IMMEDIATE = ("phishing", "data_request")
SAFETY = ("vulnerability", "financial_difficulty")
RISKY = (
    "unrecognised_charge",
    "financial_difficulty",
    "vulnerability",
    "complaint",
    "collections",
    "dispute_status",
    "phishing",
    "card_lost",
    "lock_account",
)


@dataclass(frozen=True)
class Thresholds:
    """Confidence needed for each decision (tuned on the catalogue's held-out split)."""

    intent: float = 0.45
    immediate: float = 0.7  # flows that write at once (a case) need a clearer reading
    human: float = 0.5
    safety: float = 0.35
    risky_floor: float = 0.2


def _slots_for(intent: str, reading: Reading, text: str) -> tuple[str, dict[str, Any]]:
    """Return the flow to run for `intent` and the slots the message already fills."""
    slots: dict[str, Any] = {}
    flow = intent
    if intent == "update_contact":
        field = lexicon.contact_field(text)
        if field == "name":
            return "name_change", slots
        if reading.emails:
            slots.update(contact_field="email", contact_value=reading.emails[0])
        elif reading.phones:
            slots.update(contact_field="phone", contact_value=reading.phones[0])
        slots.setdefault("contact_field", field or "address")
    elif intent == "order_problem":
        slots["dispute_reason"] = lexicon.dispute_reason(text) or "not_as_described"
    elif intent == "lock_account" and lexicon.wants_unlock(text):
        flow = "unlock_account"
    elif intent == "charged_twice":
        slots["dispute_reason"] = "charged_twice"
    elif intent == "autopay":
        wish = lexicon.autopay_wish(text)
        if wish is not None:
            slots["autopay_enabled"] = wish
    elif intent == "dispute_status" and lexicon.disagrees(text):
        flow = "dispute_appeal"
    return flow, slots


def commands_for(turn: Turn, th: Thresholds) -> list[Command]:
    """Return the commands this message asks for."""
    reading, text, frame = turn.reading, turn.text, turn.state.frame
    if lexicon.looks_like_injection(text):
        return [Blocked()]
    if "human_agent" in reading.safety or reading.has("human_agent", th.human):
        return [HumanRequest()]
    for intent in SAFETY:
        if intent in reading.safety or reading.has(intent, th.safety):
            return [StartFlow(intent, intent)]
    said = lexicon.answer(text)
    if said is None and reading.top and reading.top[1] >= th.intent:
        said = {"affirm": "yes", "deny": "no"}.get(reading.top[0])
    awaiting = frame.awaiting if frame else None
    if said and (awaiting == "confirm" or turn.state.human_offered):
        return [Answer(said)]
    if said and turn.pending_offer is not None and awaiting is None:
        flow_name, offered_slots = turn.pending_offer
        return [AcceptOffer(said, flow_name, offered_slots)]
    top = reading.top
    flows = catalogue().flows
    confident = top is not None and top[1] >= th.intent and not reading.out_of_scope
    new = top[0] if top and confident and (top[0] in flows or top[0] in SMALL_TALK) else None
    waiting_for_value = awaiting in ("order", "card") or (
        awaiting is not None and awaiting.startswith("value:")
    )
    continues = new is None or (frame is not None and new == frame.flow)
    if (
        frame is not None
        and waiting_for_value
        and (continues or reading.order_ids or reading.card_last4)
    ):
        return [Provide()]
    if new in SMALL_TALK:
        return [SmallTalk(new)]
    if new in IMMEDIATE and top is not None and top[1] < th.immediate:
        new = None
    if new is not None:
        flow, slots = _slots_for(new, reading, text)
        return [StartFlow(flow, new, slots)]
    if top and top[0] in RISKY and top[1] >= th.risky_floor:
        return [Misunderstood("low_confidence", risky=True)]
    return [Misunderstood("out_of_scope" if reading.out_of_scope else "low_confidence")]
