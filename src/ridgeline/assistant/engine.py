"""Run one customer turn, from the guarded input to a grounded reply and a report for the audit.

The turn pipeline: guard the input → understand → commands → run the flow → render in the
customer's language → check every figure is grounded → report what happened for the audit.

The engine holds no state between calls: the caller loads the conversation state, passes it in,
and persists what comes back, so a restart continues a conversation where it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ridgeline.assistant import claims, guards, lexicon
from ridgeline.assistant.commands.parse import Thresholds, commands_for
from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.ports import (
    OrderChoice,
    Reading,
    RecordsPort,
    ToolSpec,
    UnderstandingPort,
)
from ridgeline.assistant.read_context import ContextualUnderstanding, read_context
from ridgeline.assistant.replies import (
    LANGUAGES,
    Rendered,
    locale_for,
    render,
    resolved_key,
    ungrounded_figures,
)
from ridgeline.assistant.state import ConversationState, Frame
from ridgeline.assistant.steps import RUNNERS
from ridgeline.assistant.steps.act import UnconfirmedWriteError
from ridgeline.assistant.turn import Outcome, Say, Turn
from ridgeline.assistant.views import CustomerProfile, CustomerView
from ridgeline.kit.logs import log_event

ENGINE_VERSION = "ridgeline-assistant/0.1"
FALLBACK = Say("ungrounded_fallback", {})  # the safe reply, for a figure or claim not grounded
CARRIED_SLOTS = ("order_id", "merchant", "item", "order_total", "plan_status")


@dataclass(frozen=True)
class Reply:
    """One message of the assistant."""

    text: str
    language: str


@dataclass
class TurnResult:
    """What one customer message produced."""

    replies: list[Reply]
    state: ConversationState
    intent: str | None
    actions: list[dict[str, str]]
    handoff: dict[str, str] | None
    trace: dict[str, Any] = field(default_factory=dict)
    intents: list[str] = field(default_factory=list)  # every request of the message, in order
    choices: list[str] = field(default_factory=list)  # the requests a clarifying question offers


def order_choices(customer: CustomerView) -> list[OrderChoice]:
    """Return the customer's orders as the understanding needs them."""
    return [OrderChoice(o.id, o.merchant, o.items, o.total, o.currency) for o in customer.orders]


def _asked_yes_no(state: ConversationState) -> bool:
    """Tell whether the assistant's last message asked a yes/no question."""
    awaiting = state.frame.awaiting if state.frame else None
    return awaiting == "confirm" or bool(state.human_offered) or bool(state.offer_flow)


class Engine:
    """Run conversation turns over a records port and an understanding port."""

    def __init__(self, understanding: UnderstandingPort, thresholds: Thresholds | None = None):
        self.understanding = understanding
        self.thresholds = thresholds or Thresholds()
        catalogue()  # validate the flows once, at start-up
        self._checked: list[Mapping[str, ToolSpec]] = []

    def _check_tools(self, tools: Mapping[str, ToolSpec]) -> None:
        """Check the flows against a records port's tools, the first time that table is seen."""
        if not any(tools is seen for seen in self._checked):
            catalogue().check_tools(tools)
            self._checked.append(tools)

    def start(
        self, customer: CustomerView | CustomerProfile, language: str | None = None
    ) -> tuple[ConversationState, Reply]:
        """Open a conversation: the disclosure in the customer's language."""
        lang = language if language in LANGUAGES else customer.language
        state = ConversationState(language=lang)
        first = customer.name.split(" ")[0]
        text = render(
            Say("disclosure", {"first_name": first}), lang, locale_for(lang, customer.market)
        ).text
        return state, Reply(text, lang)

    def read(
        self, state: ConversationState, text: str, customer: CustomerView, today: date
    ) -> Reading | None:
        """Understand a message (None when the input guard refuses it).

        Pure and the slowest part of a turn: callers run it before taking any lock.
        """
        if guards.problem(text) is not None:
            return None
        if _asked_yes_no(state) and lexicon.bare_answer(text) is not None:
            # "Yes please" to the question just asked needs no model: the commands read the
            # answer from the words themselves, in the conversation's language.
            return Reading(language=state.language, intents=(), out_of_scope=False, model="lexicon")
        if isinstance(self.understanding, ContextualUnderstanding):  # a hosted language model
            return self.understanding.read_in_context(
                text,
                today=today,
                orders=order_choices(customer),
                language_hint=state.language,
                context=read_context(state, customer),
            )
        return self.understanding.read(
            text, today=today, orders=order_choices(customer), language_hint=state.language
        )

    def turn(
        self,
        state: ConversationState,
        text: str,
        customer_id: str,
        records: RecordsPort,
        today: date,
        reading: Reading | None = None,
    ) -> TurnResult:
        """Run one customer message through the pipeline (`reading`: understood beforehand)."""
        self._check_tools(records.tools)
        customer = records.customer(customer_id)
        issue = guards.problem(text)
        if issue is not None:
            reply = self._render_all([Say("input_invalid", {})], state.language, customer)
            return TurnResult(reply, state, None, [], None, {"guard": issue})
        if reading is None:
            reading = self.read(state, text, customer, today)
            assert reading is not None
        if reading.language in LANGUAGES:
            state.language = reading.language
        turn = Turn(state, text, reading, customer, records, today)
        if state.offer_flow:
            # An offer stands for the very next message only.
            turn.pending_offer = (state.offer_flow, dict(state.offer_slots))
            state.offer_flow, state.offer_slots = None, {}
        handed_before = state.status
        commands = commands_for(turn, self.thresholds)
        for command in commands:
            command.apply(turn)
        try:
            self._advance(turn)
        except UnconfirmedWriteError as exc:
            log_event("assistant.guard.unconfirmed_write", tool=str(exc), customer=customer_id)
            turn.state.frame = None
            turn.say("refused.not_allowed")
        state.turns += 1
        replies = self._render_all(turn.says + turn.closing, state.language, customer, turn)
        handoff = (
            state.handoff
            if handed_before == "assistant" and state.status == "waiting_for_human"
            else None
        )
        trace = {
            "engine": ENGINE_VERSION,
            "model": reading.model,
            "language": reading.language,
            "intents": [[name, round(score, 3)] for name, score in reading.intents[:3]],
            "out_of_scope": reading.out_of_scope,
            "safety": list(reading.safety),
            "commands": [c.name for c in commands],
            "says": [say.key for say in turn.says + turn.closing],
            "tools": turn.tool_calls,
            **({"model_call": reading.model_call} if reading.model_call is not None else {}),
        }
        intents = list(turn.intents)
        if turn.intent and turn.intent not in intents:
            intents.insert(0, turn.intent)
        trace["requests"] = intents
        return TurnResult(
            replies, state, turn.intent, turn.actions, handoff, trace, intents, list(turn.choices)
        )

    def _advance(self, turn: Turn) -> None:
        flows = catalogue().flows
        for _ in range(64):  # a flow has a handful of steps; this bounds a faulty catalogue
            state = turn.state
            if state.frame is None and state.pending and not (state.human_offered or state.choices):
                flow_name, intent, slots = state.pending.pop(0)  # the next queued request
                state.frame = Frame(flow=flow_name, slots=dict(slots))
                state.last_intent = intent
                turn.found(intent)
                turn.intent = turn.intent or intent
            frame = state.frame
            if frame is None or state.status != "assistant":
                return
            flow = flows[frame.flow]
            if frame.step >= len(flow.steps):
                turn.state.frame = None
                continue  # a queued request may start next
            step = flow.steps[frame.step]
            outcome = RUNNERS[step.type](step, turn)
            if outcome is Outcome.NEXT:
                frame.step += 1
            elif outcome is Outcome.WAIT:
                return
            else:
                slots = {k: frame.slots[k] for k in CARRIED_SLOTS if k in frame.slots}
                turn.state.frame = None
                if turn.switch_to:
                    turn.state.frame = Frame(flow=turn.switch_to, slots=slots)
                    turn.switch_to = None
        raise RuntimeError("a flow ran more than 64 steps in one turn")

    def _render_all(
        self, says: list[Say], language: str, customer: CustomerView, turn: Turn | None = None
    ) -> list[Reply]:
        locale = locale_for(language, customer.market)
        replies: list[Reply] = []
        for say in says:
            facts = {**customer.market_facts, **say.facts}
            key = resolved_key(Say(say.key, facts), language)
            false_claims = claims.unsupported(key, customer, facts)
            if false_claims:
                # A sentence about money that the records do not bear out is never sent.
                log_event("assistant.guard.claim", key=key, claims=false_claims)
                if turn is not None:
                    turn.tool_calls.append({"tool": "guard.claims", "refusal": key})
                replies.append(Reply(render(FALLBACK, language, locale).text, language))
                continue
            rendered: Rendered = render(Say(say.key, facts), language, locale)
            stray = ungrounded_figures(rendered.text, rendered.grounded)
            if stray:
                log_event("assistant.guard.ungrounded", key=say.key, figures=stray)
                if turn is not None:
                    turn.tool_calls.append({"tool": "guard.grounding", "refusal": say.key})
                rendered = render(FALLBACK, language, locale)
            replies.append(Reply(rendered.text, language))
        return replies
