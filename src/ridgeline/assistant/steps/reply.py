"""Step `reply`: say something from a template, with the frame's grounded facts."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Reply
from ridgeline.assistant.turn import Outcome, Turn


def run(step: Reply, turn: Turn) -> Outcome:
    """Queue the reply (skipped when its `when` slot is not set)."""
    if step.when is None or turn.frame.slots.get(step.when):
        turn.say(step.template)
        if step.offer and (step.offer_when is None or turn.frame.slots.get(step.offer_when)):
            turn.offer(step.offer)
    return Outcome.NEXT
