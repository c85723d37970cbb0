"""Command `start_flow`: begin the flow of a new request (replacing any unfinished one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ridgeline.assistant.state import Frame
from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class StartFlow:
    """Start `flow` with slots already known from the message."""

    flow: str
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    name: str = "start_flow"

    def apply(self, turn: Turn) -> None:
        """Replace the frame; an unconfirmed change of the old flow is dropped."""
        turn.intent = turn.intent or self.intent
        turn.found(self.intent)
        turn.state.last_intent = self.intent
        turn.state.misunderstandings = 0
        turn.state.pending = []  # a new request replaces what an earlier message queued
        turn.state.choices, turn.state.choice_misses = [], 0
        turn.state.frame = Frame(flow=self.flow, slots=dict(self.slots))
