"""Step `confirm`: show the exact change and wait for a yes or a no."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Confirm, catalogue
from ridgeline.assistant.turn import Outcome, Turn


def run(step: Confirm, turn: Turn) -> Outcome:
    """Ask once; on yes go on; on no say `on_deny` (a template), or switch to the flow it names."""
    frame = turn.frame
    if frame.awaiting == "confirm":
        answer = frame.slots.pop("_answer", None)
        if answer == "yes":
            frame.awaiting = None
            turn.confirmed_this_turn = True
            return Outcome.NEXT
        if answer == "no":
            frame.awaiting = None
            if step.on_deny in catalogue().flows:
                turn.switch_to = step.on_deny
            else:
                turn.say(step.on_deny)
            return Outcome.END
    frame.awaiting = "confirm"
    turn.say(step.template)
    return Outcome.WAIT
