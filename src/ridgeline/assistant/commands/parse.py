"""Turn a reading of a message into commands, in priority order.

1. An attempt to instruct the assistant is blocked (nothing else happens).
2. A request for a person hands over at once, whatever is in progress.
3. Strong signs of financial difficulty or vulnerability go to trained people at once.
4. A yes or a no answers what the assistant asked; a pick answers a clarifying question.
5. A value the flow waits for (an order, a card, a code) continues the flow.
6. A weak sign of difficulty asks one gentle question (answering a read first).
7. Confident new requests start their flows: several in one message are handled in order,
   reads first, at most three; small talk is answered.
8. A message about the lender read without confidence asks which of a few requests the
   customer means; anything else says plainly that the assistant cannot help (and offers a
   person when it keeps failing, or when the topic is risky).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ridgeline.assistant import lexicon
from ridgeline.assistant.commands.accept_offer import AcceptOffer
from ridgeline.assistant.commands.answer import Answer
from ridgeline.assistant.commands.base import Command
from ridgeline.assistant.commands.blocked import Blocked
from ridgeline.assistant.commands.choice_missed import ChoiceMissed
from ridgeline.assistant.commands.clarify import Clarify
from ridgeline.assistant.commands.human_request import HumanRequest
from ridgeline.assistant.commands.misunderstood import Misunderstood
from ridgeline.assistant.commands.offer_support import OfferSupport
from ridgeline.assistant.commands.provide import Provide
from ridgeline.assistant.commands.several_requests import MOST, SeveralRequests
from ridgeline.assistant.commands.small_talk import SmallTalk
from ridgeline.assistant.commands.start_flow import StartFlow
from ridgeline.assistant.flows.schema import Confirm, catalogue
from ridgeline.assistant.ports import Reading
from ridgeline.assistant.turn import Turn

SMALL_TALK = ("greeting", "thanks", "goodbye")
IMMEDIATE = ("phishing", "data_request")
SAFETY = ("vulnerability", "financial_difficulty")
WEAK_ORDER = ("financial_difficulty", "vulnerability")  # which gentle question goes first
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
    safety: float = 0.35  # a sign of difficulty worth one gentle question
    safety_strong: float = 0.9  # the model alone, sure and with nothing else asked: hand over
    risky_floor: float = 0.2
    domain: float = 0.5  # in-domain share above which an unsure reading asks, not rejects
    candidate: float = 0.15  # a request this likely may be offered as a choice


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
    reading, text, frame, state = turn.reading, turn.text, turn.state.frame, turn.state
    if lexicon.looks_like_injection(text):
        return [Blocked()]
    if "human_agent" in reading.safety or reading.has("human_agent", th.human):
        return [HumanRequest()]
    strong, weak = _safety_signals(reading, th)
    if strong is not None:
        return [StartFlow(strong, strong)]
    said = lexicon.answer(text)
    if said is None and reading.top and reading.top[1] >= th.intent:
        said = {"affirm": "yes", "deny": "no"}.get(reading.top[0])
    awaiting = frame.awaiting if frame else None
    if said and (awaiting == "confirm" or state.human_offered):
        return [Answer(said)]
    if said and turn.pending_offer is not None and awaiting is None:
        flow_name, offered_slots = turn.pending_offer
        return [AcceptOffer(said, flow_name, offered_slots)]
    if state.choices:
        picked = _picked(text, reading, state.choices, th)
        if picked is not None:
            flow, slots = _slots_for(picked, reading, text)
            return [StartFlow(flow, picked, slots)]
    requests = _requests(reading, th)
    new = requests[0] if requests else None
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
    if state.choices and new is None and not reading.no_words:
        return [ChoiceMissed()]
    if new in SMALL_TALK and weak is None:
        return [SmallTalk(new)]
    starts = [_start(intent, reading, text) for intent in requests if intent not in SMALL_TALK]
    if weak is not None:
        first = starts[0] if starts else None
        return [OfferSupport(weak, first, ask_first=first is not None and _writes(first.flow))]
    if len(starts) > 1:
        ordered = sorted(starts[:MOST], key=lambda s: _writes(s.flow))  # reads first
        queued = tuple((s.flow, s.intent, s.slots) for s in ordered)
        return [SeveralRequests(queued, dropped=max(0, len(starts) - MOST))]
    if starts:
        return [starts[0]]
    if reading.no_words:
        return [Misunderstood("no_words")]
    choices = _candidates(reading, th)
    if choices:
        return [Clarify(choices)]
    top = reading.top
    if top and top[0] in RISKY and top[1] >= th.risky_floor:
        return [Misunderstood("low_confidence", risky=True)]
    return [Misunderstood("out_of_scope" if reading.out_of_scope else "low_confidence")]


def _start(intent: str, reading: Reading, text: str) -> StartFlow:
    flow, slots = _slots_for(intent, reading, text)
    return StartFlow(flow, intent, slots)


def _writes(flow: str) -> bool:
    """Tell whether a flow changes records after a confirmation (its requests go last)."""
    return any(isinstance(step, Confirm) for step in catalogue().flows[flow].steps)


def _requests(reading: Reading, th: Thresholds) -> list[str]:
    """Return the message's requests the assistant can act on, in the order written.

    Several requests come from separate parts of the message; otherwise the best confident
    reading is the one request. A flow that writes at once needs a clearer reading.
    """
    flows = catalogue().flows
    if reading.out_of_scope:
        return []
    top = reading.top
    found = list(reading.requests) or ([top[0]] if top and top[1] >= th.intent else [])
    scores = dict(reading.intents)
    kept = []
    for intent in found:
        if intent not in flows and intent not in SMALL_TALK:
            continue
        if intent in IMMEDIATE and scores.get(intent, 0.0) < th.immediate:
            continue
        if intent in SAFETY:
            continue  # safety is decided apart (`_safety_signals`)
        kept.append(intent)
    return kept


def _safety_signals(reading: Reading, th: Thresholds) -> tuple[str | None, str | None]:
    """Return the safety intent to hand over for at once (strong), or to ask about (weak).

    An explicit phrase ("I lost my job and can't pay") is strong. The model alone is strong
    only when it is very sure and the message asks for nothing else; otherwise it is a weak
    sign, and an ordinary question that mentions money or family gets one gentle question
    instead of a handover.
    """
    for intent in SAFETY:
        if intent in reading.safety:
            return intent, None
    for intent in WEAK_ORDER:
        if intent in reading.weak_safety:
            return None, intent  # a hint in words the model may overrate: ask, never assume
    scores = dict(reading.intents)
    others = [
        n
        for n, c in reading.intents
        if n not in SAFETY and n not in SMALL_TALK and n != "human_agent" and c >= th.intent
    ]
    for intent in SAFETY:
        score = scores.get(intent, 0.0)
        if score >= th.safety_strong and reading.top and reading.top[0] == intent and not others:
            return intent, None
    for intent in WEAK_ORDER:
        # The model alone beside a clear request ("lock my account, I'm travelling") is not
        # enough even for a question: the phrase layers speak for such messages.
        if scores.get(intent, 0.0) >= th.safety and not others:
            return None, intent
    return None, None


def _candidates(reading: Reading, th: Thresholds) -> tuple[str, ...]:
    """Return the requests to offer when an in-domain message was read without confidence."""
    if reading.in_domain < th.domain:
        return ()
    flows = catalogue().flows
    found = [
        name
        for name, score in reading.intents
        if score >= th.candidate and name in flows and name not in SMALL_TALK
    ]
    return tuple(found[:MOST])


def _picked(text: str, reading: Reading, choices: list[str], th: Thresholds) -> str | None:
    """Return the choice the customer's answer names (its number, its words), if one."""
    number = lexicon.choice_number(text)
    if number is not None and 1 <= number <= len(choices):
        return choices[number - 1]
    top = reading.top
    if top and top[0] in choices and top[1] >= th.candidate:
        return top[0]
    return lexicon.best_label(text, choices, reading.language)
