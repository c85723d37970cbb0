"""Ask one gentle question on a weak or ambiguous sign of difficulty or vulnerability.

Command `offer_support`: a weak or ambiguous sign of difficulty or vulnerability ("money's a
bit tight this month") asks one gentle question instead of handing over at once; a yes starts
the support flow (a case and a person), a no carries on with what the customer asked.

A request that only reads is answered first and the question follows it; a request that would
change something waits until the customer has answered the question.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.commands.start_flow import StartFlow
from ridgeline.assistant.turn import Say, Turn

#: The gentle question for each safety intent.
QUESTIONS = {"financial_difficulty": "offer_support", "vulnerability": "offer_care"}


@dataclass(frozen=True)
class OfferSupport:
    """Ask gently about `reason`; `request` is what else the message asked for, if anything."""

    reason: str
    request: StartFlow | None = None
    ask_first: bool = False  # the request writes: it waits for the answer
    name: str = "offer_support"

    def apply(self, turn: Turn) -> None:
        """Answer a reading request and ask, or ask and queue a changing one."""
        question = QUESTIONS[self.reason]
        request = self.request
        if request is not None and not self.ask_first:
            request.apply(turn)
            turn.closing.append(Say(question, {}))
        else:
            if request is not None:
                turn.intent = request.intent
                turn.found(request.intent)
                turn.state.pending = [[request.flow, request.intent, dict(request.slots)]]
            turn.state.frame = None
            turn.say(question)
        turn.state.human_offered = self.reason
