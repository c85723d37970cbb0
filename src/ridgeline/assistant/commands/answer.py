"""Take a yes or a no to what the assistant asked.

Command `answer`: a yes or a no to what the assistant asked (a confirmation or an offer of a
person).
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.handover import hand_over
from ridgeline.assistant.state import Frame
from ridgeline.assistant.turn import Turn

#: Offers whose yes starts a support flow rather than a plain handover.
SUPPORT = ("financial_difficulty", "vulnerability")


@dataclass(frozen=True)
class Answer:
    """`value` is "yes" or "no"."""

    value: str
    name: str = "answer"

    def apply(self, turn: Turn) -> None:
        """Answer an offer of a person, or record the answer for the step waiting for it."""
        frame = turn.state.frame
        offered = turn.state.human_offered
        turn.state.misunderstandings = 0
        waiting_confirm = frame is not None and frame.awaiting == "confirm"
        if offered and not waiting_confirm:
            turn.state.human_offered = None
            flows = catalogue().flows
            if self.value == "yes" and offered in SUPPORT:
                # The support flow opens the case and hands over with a summary.
                turn.intent = offered
                turn.found(offered)
                turn.state.frame = Frame(flow=offered, slots=dict(frame.slots) if frame else {})
            elif self.value == "yes":
                queue = flows[frame.flow].queue if frame else "general"
                hand_over(turn, offered, queue)
            else:
                turn.intent = "deny"
                if not turn.state.pending:
                    turn.say("no_problem")  # otherwise the queued request speaks next
            return
        if frame is not None:
            frame.slots["_answer"] = self.value
            turn.intent = "affirm" if self.value == "yes" else "deny"
