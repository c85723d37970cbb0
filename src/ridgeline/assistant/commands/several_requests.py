"""Handle the several requests of one message, one after the other.

Command `several_requests`: one message, several requests. The first is handled now, the
others wait in the conversation's state and start, in order, as soon as the one before ends
(a read ends in the same turn; a change waits for the customer's confirmation first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ridgeline.assistant.commands.start_flow import StartFlow
from ridgeline.assistant.turn import Say, Turn

#: Requests handled from one message; the customer is told that the rest can follow.
MOST = 3


@dataclass(frozen=True)
class SeveralRequests:
    """Start `requests[0]` and queue the others; `dropped` requests were beyond `MOST`."""

    requests: tuple[tuple[str, str, dict[str, Any]], ...]  # (flow, intent, slots), in order
    dropped: int = 0
    name: str = "several_requests"

    def apply(self, turn: Turn) -> None:
        """Start the first request and queue the rest."""
        (flow, intent, slots), *rest = self.requests
        StartFlow(flow, intent, slots).apply(turn)
        turn.state.pending = [[f, i, dict(s)] for f, i, s in rest]
        for _, queued, _ in rest:
            turn.found(queued)
        if self.dropped:
            turn.closing.append(Say("more_requests_later", {}))
