"""Say plainly that the assistant does not know what the customer wants, without guessing.

Command `misunderstood`: the assistant does not know what the customer wants. It says so
plainly, never guesses; the second time in a row, or on a risky topic, it offers a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class Misunderstood:
    """`reason` is `out_of_scope`, `low_confidence` or `no_words` (emoji, punctuation)."""

    reason: str = "out_of_scope"
    risky: bool = False
    name: str = "misunderstood"

    def apply(self, turn: Turn) -> None:
        """Say what the assistant can do, and offer a person when it keeps failing."""
        state = turn.state
        if self.reason == "no_words":
            turn.intent = None  # nothing was said: ask for words, count nothing
            turn.say("no_words")
            return
        state.misunderstandings += 1
        turn.intent = "out_of_scope" if self.reason == "out_of_scope" else None
        if state.frame is not None and state.frame.awaiting:
            # A question is pending: a yes must not be taken for two things at once. The first
            # time the question stands (the step asks it again); the second time it is dropped
            # and a person is offered instead.
            if state.misunderstandings < 2:
                turn.say("not_sure")
                return
            state.frame = None
        if self.risky:
            state.human_offered = "low_confidence"
            turn.say("offer_human_risky")
        elif state.misunderstandings >= 2:
            state.human_offered = "repeated_misunderstanding"
            turn.say("offer_human_repeated")
        elif self.reason == "out_of_scope":
            state.human_offered = "out_of_scope"
            turn.say("out_of_scope")
        else:
            turn.say("not_sure")
