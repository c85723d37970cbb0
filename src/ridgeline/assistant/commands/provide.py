"""Command `provide`: the message answers what the flow waits for (an order, a card, a value);
the waiting step reads it from the turn."""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class Provide:
    """Keep the frame; the waiting step takes the value."""

    name: str = "provide"

    def apply(self, turn: Turn) -> None:
        """Nothing to change: the engine runs the waiting step next."""
        turn.intent = turn.state.frame.flow if turn.state.frame else None
