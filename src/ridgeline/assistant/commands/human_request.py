"""Hand over to a person at once when the customer asks for one.

Command `human_request`: the customer asked for a person. Hand over at once, from any state,
with no persuasion; an unconfirmed change is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.handover import hand_over
from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class HumanRequest:
    """Hand over to the queue of the topic in progress (general when there is none)."""

    name: str = "human_request"

    def apply(self, turn: Turn) -> None:
        """Hand over with reason `customer_request`."""
        turn.intent = "human_agent"
        frame = turn.state.frame
        queue = catalogue().flows[frame.flow].queue if frame else "general"
        hand_over(turn, "customer_request", queue)
