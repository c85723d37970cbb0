"""One turn in progress: what was read, what the engine says and does, what it may ground on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from ridgeline.assistant.ports import Reading, RecordsPort, ToolResult
from ridgeline.assistant.state import ConversationState, Frame
from ridgeline.assistant.views import CustomerView


class Outcome(Enum):
    """What a step tells the engine."""

    NEXT = "next"  # go on with the next step
    WAIT = "wait"  # wait for the customer's next message
    END = "end"  # the flow is over


@dataclass(frozen=True)
class Say:
    """One reply to render: a template key and the facts it may use."""

    key: str
    facts: dict[str, Any]


@dataclass
class Turn:
    """Everything one turn reads and produces."""

    state: ConversationState
    text: str
    reading: Reading
    customer: CustomerView
    records: RecordsPort
    today: date
    says: list[Say] = field(default_factory=list)
    actions: list[dict[str, str]] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    intent: str | None = None
    switch_to: str | None = None
    confirmed_this_turn: bool = False
    pending_offer: tuple[str, dict[str, Any]] | None = None  # what the previous reply offered
    intents: list[str] = field(default_factory=list)  # every request of the message, in order
    choices: list[str] = field(default_factory=list)  # what a clarifying question offers
    closing: list[Say] = field(default_factory=list)  # said after the flows' replies

    def found(self, intent: str) -> None:
        """Note a request of this message (reported in the order handled, once each)."""
        if intent not in self.intents:
            self.intents.append(intent)

    @property
    def frame(self) -> Frame:
        """Return the flow in progress (a step only runs inside one)."""
        assert self.state.frame is not None
        return self.state.frame

    def offer(self, flow: str) -> None:
        """Remember that the reply offers `flow` (for this order): a plain yes will start it."""
        slots = self.state.frame.slots if self.state.frame else {}
        keep = ("order_id", "merchant", "item", "order_total", "plan_status")
        self.state.offer_flow = flow
        self.state.offer_slots = {k: slots[k] for k in keep if k in slots}

    def say(self, key: str, **facts: Any) -> None:
        """Queue a reply from template `key`, with the frame's slots and `facts`."""
        merged = dict(self.state.frame.slots) if self.state.frame else {}
        merged.update(facts)
        self.says.append(Say(key, merged))

    def call(self, tool: str) -> ToolResult:
        """Call a tool with the frame's slots; keep its facts and writes."""
        args = dict(self.state.frame.slots) if self.state.frame else {}
        result = self.records.call(self.customer.id, tool, args)
        self.tool_calls.append(
            {
                "tool": tool,
                "refusal": result.refusal.rule if result.refusal else None,
                "actions": [a["type"] for a in result.actions],
            }
        )
        self.actions.extend(result.actions)
        if self.state.frame is not None:
            self.state.frame.slots.update(result.facts)
        return result
