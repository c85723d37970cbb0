"""Give the flow the value it waits for, from the customer's message.

Command `provide`: the message answers what the flow waits for (an order, a card, a value);
the waiting step reads it from the turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class Provide:
    """Keep the frame; the waiting step takes the value."""

    name: str = "provide"

    def apply(self, turn: Turn) -> None:
        """Nothing to change: the engine runs the waiting step next."""
        frame = turn.state.frame
        turn.intent = catalogue().flows[frame.flow].reported_intent if frame else None
        turn.state.misunderstandings = 0
