"""Take a plain yes or no to a change that the last reply offered.

Command `accept_offer`: a plain yes or no to a change the last reply offered ("I can send you
a secure link to pay now").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ridgeline.assistant.flows.schema import catalogue
from ridgeline.assistant.state import Frame
from ridgeline.assistant.turn import Turn


@dataclass(frozen=True)
class AcceptOffer:
    """Start the offered flow on yes (it still shows the exact change and asks); on no, leave it."""

    value: str
    flow: str
    slots: dict[str, Any] = field(default_factory=dict)
    name: str = "accept_offer"

    def apply(self, turn: Turn) -> None:
        """Start the offered flow with what the offer was about, or let it go."""
        turn.state.misunderstandings = 0
        if self.value != "yes":
            turn.intent = "deny"
            turn.say("no_problem")
            return
        flow = catalogue().flows[self.flow]
        turn.intent = flow.reported_intent
        turn.state.frame = Frame(flow=self.flow, slots=dict(self.slots))
