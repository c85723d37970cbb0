"""Routing of handed-over conversations: which comes first, and which agent may take it.

A conversation waits in one of the queues of the intent catalogue. Vulnerability and fraud come
first (and any handoff the assistant marked high priority), then the oldest. An agent may take a
conversation of a queue they serve (supervisors and admins serve all), only while online and
below their capacity of concurrent chats. When the desk picks an agent for a conversation, it
takes the least loaded eligible agent, and among equals the one who waited longest since their
last assignment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ridgeline.policy import HIGH_PRIORITY_QUEUES, URGENT_REASONS
from ridgeline.policy import QUEUES as QUEUES  # the desk's skills are these queues

AVAILABILITY = ("online", "away", "offline")
ROLES = ("agent", "supervisor", "admin")
_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


def priority_of(handoff: Mapping[str, object] | None) -> str:
    """Return "high" or "normal" for a handoff: vulnerability and fraud are always high."""
    if not handoff:
        return "normal"
    if handoff.get("priority") == "high" or handoff.get("reason") in URGENT_REASONS:
        return "high"
    if handoff.get("queue") in HIGH_PRIORITY_QUEUES:
        return "high"
    return "normal"


def queue_key(
    handoff: Mapping[str, object] | None, handed_over_at: datetime | None
) -> tuple[int, datetime]:
    """Return the sort key of a waiting conversation: high priority first, then the oldest."""
    rank = 0 if priority_of(handoff) == "high" else 1
    return rank, handed_over_at or _LONG_AGO


@dataclass(frozen=True)
class Staff:
    """A desk worker as routing sees them.

    `skills` None means every queue (supervisors and admins); `capacity` None means no limit.
    """

    id: str
    role: str
    name: str
    skills: tuple[str, ...] | None
    capacity: int | None
    availability: str
    last_assigned_at: datetime | None = None

    def serves(self, queue: str) -> bool:
        """Tell whether this person works the queue."""
        return self.skills is None or queue in self.skills

    @property
    def supervises(self) -> bool:
        """Tell whether this person sees all queues and may reassign."""
        return self.role in ("supervisor", "admin")


def refusal(staff: Staff, queue: str, holding: int) -> tuple[str, str] | None:
    """Return (rule, message) when `staff` may not take a conversation of `queue`, else None."""
    if staff.availability != "online":
        return "agent_not_available", f"{staff.name} is {staff.availability}, not online"
    if not staff.serves(queue):
        return "queue_not_served", f"{staff.name} does not serve the {queue} queue"
    if staff.capacity is not None and holding >= staff.capacity:
        return "at_capacity", f"{staff.name} already holds {holding} of {staff.capacity} chats"
    return None


def pick_agent(queue: str, staff: Iterable[Staff], load: dict[str, int]) -> Staff | None:
    """Return the agent who should take a conversation of `queue`, or None if nobody can."""
    eligible = [s for s in staff if refusal(s, queue, load.get(s.id, 0)) is None]
    if not eligible:
        return None

    def key(s: Staff) -> tuple[float, datetime, str]:
        share = load.get(s.id, 0) / s.capacity if s.capacity else 0.0
        return share, s.last_assigned_at or _LONG_AGO, s.id

    return min(eligible, key=key)


def visible(staff: Staff, queues: Sequence[str]) -> list[str]:
    """Return the queues of `queues` this person sees."""
    return [q for q in queues if staff.serves(q)]
