"""Step `handoff`: give the conversation to a person with the flow's reason and queue."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Handoff
from ridgeline.assistant.handover import hand_over
from ridgeline.assistant.turn import Outcome, Turn


def run(step: Handoff, turn: Turn) -> Outcome:
    """Hand over and end the flow."""
    spec = step.handoff
    hand_over(turn, spec.reason, spec.queue, spec.template, spec.priority)
    return Outcome.END
