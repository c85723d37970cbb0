"""Step `check`: ask the rules whether the change is allowed, before offering it."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import Check
from ridgeline.assistant.handover import hand_over
from ridgeline.assistant.turn import Outcome, Turn


def run(step: Check, turn: Turn) -> Outcome:
    """Call the checking tool, and on a refusal offer what is allowed instead or hand over.

    A refusal names its rule and offers what is allowed instead, or hands over where the flow
    says a person decides.
    """
    result = turn.call(step.tool)
    if result.refusal is None:
        return Outcome.NEXT
    rule = result.refusal.rule
    spec = step.on_refusal.get(rule)
    if spec is not None:
        hand_over(turn, spec.reason, spec.queue, spec.template, spec.priority)
        return Outcome.END
    turn.say(f"refused.{rule}")
    if rule in step.offers:
        turn.offer(step.offers[rule])
    return Outcome.END
