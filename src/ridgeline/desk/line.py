"""The desk's side of the waiting room (`conversations.waiting.Line`).

A waiting customer's position is their place in the very queue the desk's agents see
(`service.queue`: high priority first, then the oldest), among the conversations that compete
for the same people: those of every queue served by an agent who serves the customer's queue
(a person who works two queues takes a vulnerable customer of the other one first). The people
there to take it are the agents online who serve that queue, with their capacities and what
they hold now.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.context import ServiceContext
from ridgeline.conversations.models import Conversation
from ridgeline.conversations.waiting import Place
from ridgeline.desk import repository, service
from ridgeline.desk.models import Agent
from ridgeline.desk.routing import Staff


class DeskLine:
    """Where a waiting conversation stands at the desk, and who is there to take it."""

    def place(self, ctx: ServiceContext, conv: Conversation) -> Place:
        """Return `conv`'s place in its queue and the agents online who serve that queue."""
        queue = str((conv.handoff or {}).get("queue") or "general")
        staff = [service.staff_from(a) for a in repository.agents(ctx.session)]
        serving = [s for s in staff if s.availability == "online" and s.serves(queue)]
        colleagues = serving or [s for s in staff if s.serves(queue)]
        skills = [s.skills for s in colleagues]
        competing = (
            None
            if any(found is None for found in skills)
            else tuple(sorted({queue, *(q for found in skills for q in found or ())}))
        )
        seen_by = Staff("waiting-room", "agent", "waiting room", competing, None, "online")
        line = [c.id for c in service.queue(ctx, seen_by)]
        position = line.index(conv.id) + 1 if conv.id in line else len(line) + 1
        loads = repository.loads(ctx.session)
        return Place(
            position=position,
            waiting=max(len(line), position),
            agents_online=len(serving),
            slots=sum(s.capacity or 0 for s in serving),
            held=sum(loads.get(s.id, 0) for s in serving),
        )

    def first_names(self, session: Session, agent_ids: Collection[str]) -> dict[str, str]:
        """Return the first name of each of these agents (as the customer's page shows them)."""
        if not agent_ids:
            return {}
        query = select(Agent.id, Agent.name).where(Agent.id.in_(list(agent_ids)))
        return {agent_id: (name.split() or [name])[0] for agent_id, name in session.execute(query)}
