"""Ask a clarifying question once more when the answer matched none of its choices.

Command `choice_missed`: the answer to a clarifying question matched none of its choices.
The question is asked once more; after a second miss a person is offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.commands.clarify import Clarify
from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class ChoiceMissed:
    """Ask again, or offer a person the second time."""

    name: str = "choice_missed"

    def apply(self, turn: Turn) -> None:
        """Count the miss and ask again, or give up on the choices and offer a person."""
        state = turn.state
        state.choice_misses += 1
        if state.choice_misses >= 2:
            state.choices, state.choice_misses = [], 0
            state.human_offered = "repeated_misunderstanding"
            turn.intent = None
            turn.say("clarify_person")
            return
        Clarify(tuple(state.choices), again=True).apply(turn)
