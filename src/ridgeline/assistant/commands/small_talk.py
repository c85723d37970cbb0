"""Answer a greeting, thanks or goodbye.

Command `small_talk`: greeting, thanks or goodbye. Goodbye closes the conversation and asks
for a rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class SmallTalk:
    """`kind` is greeting, thanks or goodbye."""

    kind: str
    name: str = "small_talk"

    def apply(self, turn: Turn) -> None:
        """Answer in kind; goodbye ends the conversation."""
        turn.intent = self.kind
        turn.say(self.kind)
        if self.kind == "goodbye":
            turn.state.frame = None
            turn.state.status = "closed"
