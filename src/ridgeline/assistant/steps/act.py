"""Step `act`: perform the confirmed change through the records port."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Act
from ridgeline.assistant.handover import hand_over
from ridgeline.assistant.tools import TOOLS
from ridgeline.assistant.turn import Outcome, Turn


class UnconfirmedWriteError(RuntimeError):
    """A write was about to run without the customer's confirmation in this turn."""


def run(step: Act, turn: Turn) -> Outcome:
    """Call the writing tool; never without a confirmation given in this very turn."""
    spec = TOOLS[step.tool]
    if spec.writes and not spec.immediate and not turn.confirmed_this_turn:
        raise UnconfirmedWriteError(step.tool)
    result = turn.call(step.tool)
    if result.refusal is None:
        return Outcome.NEXT
    rule = result.refusal.rule
    handoff = step.on_refusal.get(rule)
    if handoff is not None:
        hand_over(turn, handoff.reason, handoff.queue, handoff.template, handoff.priority)
        return Outcome.END
    turn.say(f"refused.{rule}")
    return Outcome.END
