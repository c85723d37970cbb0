"""Step `act`: perform the confirmed change through the records port."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Act
from ridgeline.assistant.handover import hand_over
from ridgeline.assistant.turn import Outcome, Turn


def catalogue_step(turn: Turn) -> str | None:
    """Return the slot the current step of the flow asks for, if it is an `ask` step."""
    from ridgeline.assistant.flows.schema import Ask, catalogue

    step = catalogue().flows[turn.frame.flow].steps[turn.frame.step]
    return step.slot if isinstance(step, Ask) else None


class UnconfirmedWriteError(RuntimeError):
    """A write was about to run without the customer's confirmation in this turn."""


def run(step: Act, turn: Turn) -> Outcome:
    """Call the writing tool; never without a confirmation given in this very turn."""
    spec = turn.records.tools[step.tool]
    if spec.writes and not spec.immediate and not turn.confirmed_this_turn:
        raise UnconfirmedWriteError(step.tool)
    result = turn.call(step.tool)
    if result.refusal is None:
        return Outcome.NEXT
    rule = result.refusal.rule
    if rule in step.retry_on:
        # Ask again (a mistyped code): the step before this one waits for the value anew.
        turn.say(f"refused.{rule}")
        turn.frame.step -= 1
        previous = catalogue_step(turn)
        if previous is not None:
            turn.frame.slots.pop(previous, None)
            turn.frame.awaiting = f"value:{previous}"
        return Outcome.WAIT
    handoff = step.on_refusal.get(rule)
    if handoff is not None:
        hand_over(turn, handoff.reason, handoff.queue, handoff.template, handoff.priority)
        return Outcome.END
    turn.say(f"refused.{rule}")
    return Outcome.END
