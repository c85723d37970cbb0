"""Block a message that tries to make the assistant drop its rules, and log the attempt.

Command `blocked`: the message tries to instruct the assistant to drop its rules. Nothing
changes; the attempt is logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from ridgeline.assistant.turn import Turn
from ridgeline.kit.logs import log_event


@dataclass(frozen=True)
class Blocked:
    """Answer that the rules stay as they are."""

    name: str = "blocked"

    def apply(self, turn: Turn) -> None:
        """Refuse, keep the state, log the attempt."""
        turn.intent = None
        turn.tool_calls.append({"tool": "guard.injection", "refusal": "instruction_ignored"})
        turn.say("injection_refused")
        log_event("assistant.turn.injection_attempt", customer=turn.customer.id)
