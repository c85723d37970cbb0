"""Step `lookup`: read facts from the records into the frame."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Lookup
from ridgeline.assistant.turn import Outcome, Turn


def run(step: Lookup, turn: Turn) -> Outcome:
    """Call the reading tool; a refusal ends the flow with its explanation."""
    result = turn.call(step.tool)
    if result.refusal is not None:
        turn.say(f"refused.{result.refusal.rule}")
        return Outcome.END
    return Outcome.NEXT
