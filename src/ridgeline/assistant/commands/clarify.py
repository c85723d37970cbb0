"""Ask which of a few requests the customer means when the reading is unsure between them.

Command `clarify`: the message is about the lender but the reading is unsure between a few
requests, so the assistant asks which one the customer means instead of saying it cannot
help. The customer answers with a choice's words or its number (`choose` in `parse`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.replies import ChoiceLabel
from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class Clarify:
    """Offer `choices` (intent names, best first); `again` after an answer that matched none."""

    choices: tuple[str, ...]
    again: bool = False
    name: str = "clarify"

    def apply(self, turn: Turn) -> None:
        """Ask which request the customer means; nothing else is decided for the message."""
        state = turn.state
        state.choices = list(self.choices)
        if not self.again:
            state.choice_misses = 0
        turn.choices = list(self.choices)
        turn.intent = None
        options = [[n, ChoiceLabel(intent)] for n, intent in enumerate(self.choices, start=1)]
        turn.say("clarify_again" if self.again else "clarify", options=options)
