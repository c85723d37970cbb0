"""The dashboard's live panel: the desk's queues and people as they are at this moment.

Every figure is read from the database when asked (the page asks every few seconds), through
the desk's own code, so the panel and the desk never disagree:

- a queue's waiting conversations are `desk.service.queue` seen by someone who serves only
  that queue (the order and the membership the desk's agents see); high priority is
  `desk.routing.priority_of`; the wait and its target are `desk.service.timer_of` (the
  service-level timer the desk shows on each conversation);
- the people are `desk.repository.agents` as routing sees them (`desk.service.staff_from`),
  what they hold is `desk.repository.loads`; free slots are the capacities of the agents
  online who serve a queue, less what they hold.

The panel covers all markets and languages: the desk's queues and people are shared by them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ridgeline.auth.service import Principal
from ridgeline.conversations.models import Conversation
from ridgeline.desk import repository, service
from ridgeline.desk.routing import Staff, priority_of
from ridgeline.http.deps import Container, service_context
from ridgeline.policy import QUEUES


@dataclass(frozen=True)
class QueueNow:
    """One queue at this moment."""

    queue: str
    waiting: int  # conversations waiting for a person in this queue
    high_priority: int  # of which high priority (vulnerability, fraud, hardship, ...)
    oldest_wait_seconds: int | None  # the longest wait now (None: nobody waits)
    over_target: int  # conversations waiting longer than the desk's target for their priority
    agents_online: int  # agents online who serve the queue
    free_slots: int  # chats those agents could still take


@dataclass(frozen=True)
class LiveFigures:
    """The desk at this moment, across queues."""

    at: datetime
    waiting_conversations: int
    waiting_customers: int  # distinct customers among them
    oldest_wait_seconds: int | None
    agents_online: int
    agents_away: int
    chats_held: int  # conversations a person holds now
    free_slots: int  # chats the agents online could still take
    queues: list[QueueNow]


def _seen_by(queue: str) -> Staff:
    """Return someone who serves only `queue`, to see that queue as its agents do."""
    return Staff("dashboard", "agent", "dashboard", (queue,), None, "online")


def _queue_now(
    queue: str,
    found: list[Conversation],
    waits: dict[str, tuple[int, int]],
    online: list[Staff],
    loads: dict[str, int],
) -> QueueNow:
    """Return one queue now; `waits` holds each conversation's (seconds waited, target)."""
    timed = [waits[c.id] for c in found if c.id in waits]
    serving = [s for s in online if s.serves(queue)]
    return QueueNow(
        queue=queue,
        waiting=len(found),
        high_priority=sum(priority_of(c.handoff) == "high" for c in found),
        oldest_wait_seconds=max((w for w, _ in timed), default=None),
        over_target=sum(w > target for w, target in timed),
        agents_online=len(serving),
        free_slots=sum(_free(s, loads) for s in serving),
    )


def _free(staff: Staff, loads: dict[str, int]) -> int:
    """Return the chats one person online could still take (no capacity: none counted)."""
    return max(0, (staff.capacity or 0) - loads.get(staff.id, 0))


def live_figures(session: Session, c: Container, caller: Principal) -> LiveFigures:
    """Return the desk's queues and people now, as `caller` asks (read-only)."""
    ctx = service_context(session, c, caller)
    now = ctx.now()
    staff = [service.staff_from(a) for a in repository.agents(session)]
    online = [s for s in staff if s.availability == "online"]
    loads = repository.loads(session)
    per_queue = {q: service.queue(ctx, _seen_by(q)) for q in QUEUES}
    everyone = [conv for found in per_queue.values() for conv in found]
    waits: dict[str, tuple[int, int]] = {}
    for conv in everyone:
        timer = service.timer_of(ctx, conv, None)  # the desk's service-level timer
        if timer is not None:
            _, since, target = timer
            waits[conv.id] = (max(0, int((now - since).total_seconds())), target)
    queues = [_queue_now(q, found, waits, online, loads) for q, found in per_queue.items()]
    return LiveFigures(
        at=now,
        waiting_conversations=len(everyone),
        waiting_customers=len({c.customer_id for c in everyone}),
        oldest_wait_seconds=max((w for w, _ in waits.values()), default=None),
        agents_online=len(online),
        agents_away=sum(s.availability == "away" for s in staff),
        chats_held=sum(loads.values()),
        free_slots=sum(_free(s, loads) for s in online),
        queues=queues,
    )


def as_json(figures: LiveFigures) -> dict[str, object]:
    """Return the live figures as the JSON route answers them."""
    out = asdict(figures)
    out["at"] = figures.at.isoformat()
    return out
