"""Queries of the desk: agents, the waiting conversations, what each agent holds."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridgeline.conversations.models import Conversation
from ridgeline.desk.models import Agent


def get_agent(session: Session, agent_id: str) -> Agent | None:
    """Return an agent by id, or None."""
    return session.get(Agent, agent_id)


def agent_by_email(session: Session, email: str) -> Agent | None:
    """Return the agent with this email (compared case-insensitively), or None."""
    query = select(Agent).where(func.lower(Agent.email) == email.strip().lower())
    return session.scalars(query).one_or_none()


def lock_agent(session: Session, agent_id: str) -> Agent | None:
    """Return an agent locked for this transaction (two claims by one agent queue)."""
    query = select(Agent).where(Agent.id == agent_id).with_for_update()
    return session.scalars(query).one_or_none()


def agents(session: Session) -> Sequence[Agent]:
    """Return every agent, by name."""
    return session.scalars(select(Agent).order_by(Agent.name, Agent.id)).all()


def waiting(session: Session) -> Sequence[Conversation]:
    """Return the conversations waiting for a person (routing sorts them)."""
    query = select(Conversation).where(Conversation.status == "waiting_for_human")
    return session.scalars(query).all()


def held_by(session: Session, agent_id: str) -> Sequence[Conversation]:
    """Return the conversations an agent holds, oldest claim first."""
    query = (
        select(Conversation)
        .where(Conversation.status == "with_human", Conversation.agent_id == agent_id)
        .order_by(Conversation.claimed_at)
    )
    return session.scalars(query).all()


def loads(session: Session) -> dict[str, int]:
    """Return how many conversations each agent holds now."""
    query = (
        select(Conversation.agent_id, func.count(Conversation.id))
        .where(Conversation.status == "with_human", Conversation.agent_id.is_not(None))
        .group_by(Conversation.agent_id)
    )
    return {agent_id: count for agent_id, count in session.execute(query).all() if agent_id}
