"""Step `confirm`: show the exact change and wait for a yes or a no."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Confirm
from ridgeline.assistant.turn import Outcome, Turn


def run(step: Confirm, turn: Turn) -> Outcome:
    """Ask once; on yes go on, on no cancel (or switch to the flow named by `on_deny`)."""
    frame = turn.frame
    if frame.awaiting == "confirm":
        answer = frame.slots.pop("_answer", None)
        if answer == "yes":
            frame.awaiting = None
            turn.confirmed_this_turn = True
            return Outcome.NEXT
        if answer == "no":
            frame.awaiting = None
            if step.on_deny == "cancelled":
                turn.say("cancelled")
            else:
                turn.switch_to = step.on_deny
            return Outcome.END
    frame.awaiting = "confirm"
    turn.say(step.template)
    return Outcome.WAIT
