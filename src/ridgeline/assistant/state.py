"""The state of one conversation, persisted after every turn as JSON.

Values in slots keep their types across turns: money and dates are encoded with a tag, so a
figure shown for confirmation is the same figure used by the write that follows.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ridgeline.kit.money import Currency, Money


def encode(value: Any) -> Any:
    """Return a JSON-safe form of a slot value."""
    if isinstance(value, Money):
        return {"$money": [value.amount, value.currency.value]}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """Return a slot value from its JSON form."""
    if isinstance(value, dict):
        if "$money" in value:
            amount, currency = value["$money"]
            return Money(int(amount), Currency(currency))
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


@dataclass
class Frame:
    """The flow in progress: which step, what is known, what the assistant waits for."""

    flow: str
    step: int = 0
    slots: dict[str, Any] = field(default_factory=dict)
    awaiting: str | None = None  # "order" | "confirm" | "value"


@dataclass
class ConversationState:
    """Everything the engine needs to continue a conversation after a restart."""

    language: str
    # The conversation's status, as the engine sees and changes it during a turn. It is stored
    # once, on the conversation's row, and given back to `from_json` (never kept in the JSON).
    status: str = "assistant"
    frame: Frame | None = None
    misunderstandings: int = 0
    human_offered: str | None = None  # the handoff reason a pending offer of a person carries
    handoff: dict[str, str] | None = None
    turns: int = 0
    last_intent: str | None = None
    offer_flow: str | None = (
        None  # a change a reply offered ("I can send you a link"): yes starts it
    )
    offer_slots: dict[str, Any] = field(default_factory=dict)
    # Requests of an earlier message still to handle, in order: [flow, intent, slots] each.
    pending: list[list[Any]] = field(default_factory=list)
    # The requests a clarifying question offered, and how often an answer matched none.
    choices: list[str] = field(default_factory=list)
    choice_misses: int = 0

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        data = asdict(self)
        del data["status"]  # the conversation's row holds it
        if self.frame is not None:
            data["frame"]["slots"] = encode(self.frame.slots)
        data["offer_slots"] = encode(self.offer_slots)
        data["pending"] = encode(self.pending)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], status: str) -> ConversationState:
        """Rebuild the state from its JSON form and the conversation's `status`.

        The state is a copy: it never shares `data`'s parts.
        """
        raw = copy.deepcopy(data)
        raw["status"] = status  # a status stored in the JSON by an older version is ignored
        frame = raw.pop("frame", None)
        raw["offer_slots"] = decode(raw.get("offer_slots", {}))
        raw["pending"] = decode(raw.get("pending", []))
        state = cls(**raw)
        if frame is not None:
            state.frame = Frame(
                flow=frame["flow"],
                step=frame["step"],
                slots=decode(frame["slots"]),
                awaiting=frame["awaiting"],
            )
        return state
