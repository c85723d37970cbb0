"""Queries of the desk.

Agents, the waiting conversations, what each agent holds, the latest messages of a list of
conversations, notes, record actions, macros and search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ridgeline.conversations.models import Conversation, Message
from ridgeline.customers.models import Customer
from ridgeline.desk.models import Agent, DeskAction, DeskNote, Macro


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


@dataclass(frozen=True)
class Latest:
    """The last message of a conversation by the customer, and whether it was answered."""

    seq: int
    text: str
    at: datetime
    answered: bool  # an agent or the assistant wrote after it


def latest_customer_messages(session: Session, ids: Iterable[str]) -> dict[str, Latest]:
    """Return, per conversation, its latest customer message and whether it was answered."""
    wanted = list(ids)
    if not wanted:
        return {}
    newest = (
        select(Message.conversation_id, func.max(Message.seq).label("seq"))
        .where(Message.conversation_id.in_(wanted), Message.role == "customer")
        .group_by(Message.conversation_id)
        .subquery()
    )
    rows = session.execute(
        select(Message.conversation_id, Message.seq, Message.text, Message.created_at).join(
            newest,
            (Message.conversation_id == newest.c.conversation_id) & (Message.seq == newest.c.seq),
        )
    ).all()
    answers = dict(
        session.execute(
            select(Message.conversation_id, func.max(Message.seq))
            .where(Message.conversation_id.in_(wanted), Message.role.in_(("agent", "assistant")))
            .group_by(Message.conversation_id)
        ).all()
    )
    found: dict[str, Latest] = {}
    for conversation_id, seq, text, at in rows:
        answered = answers.get(conversation_id)
        found[conversation_id] = Latest(seq, text, at, bool(answered and answered > seq))
    return found


def pending_question(session: Session, conversation_id: str) -> int | None:
    """Return the seq of the customer's last message if no assistant reply came after it."""
    last = dict(
        session.execute(
            select(Message.role, func.max(Message.seq))
            .where(
                Message.conversation_id == conversation_id,
                Message.role.in_(("customer", "assistant")),
            )
            .group_by(Message.role)
        ).all()
    )
    asked, answered = last.get("customer"), last.get("assistant")
    if asked is None or (answered is not None and answered > asked):
        return None
    return int(asked)


def customer_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Return customer id -> name for the ids given."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    query = select(Customer.id, Customer.name).where(Customer.id.in_(wanted))
    return {customer_id: name for customer_id, name in session.execute(query).all()}


def notes(session: Session, conversation_id: str) -> Sequence[DeskNote]:
    """Return the internal notes of a conversation, oldest first."""
    query = (
        select(DeskNote)
        .where(DeskNote.conversation_id == conversation_id)
        .order_by(DeskNote.created_at, DeskNote.id)
    )
    return session.scalars(query).all()


def conversations_of(session: Session, customer_id: str, limit: int = 50) -> Sequence[Conversation]:
    """Return a customer's conversations, newest first."""
    query = (
        select(Conversation)
        .where(Conversation.customer_id == customer_id)
        .order_by(Conversation.created_at.desc(), Conversation.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def search_customers(session: Session, q: str, limit: int = 10) -> Sequence[Customer]:
    """Return customers whose id, name, email or phone contains `q` (any case)."""
    pattern = _like(q)
    query = (
        select(Customer)
        .where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Customer.id, Customer.name, Customer.email, Customer.phone)
                )
            )
        )
        .order_by(Customer.name, Customer.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def search_conversations(
    session: Session, q: str, customer_ids: Sequence[str], limit: int = 20
) -> Sequence[Conversation]:
    """Return conversations whose id contains `q`, of the customers found, or whose words do."""
    pattern = _like(q)
    said = select(Message.conversation_id).where(
        func.lower(Message.text).like(pattern, escape="\\"), Message.role != "system"
    )
    query = (
        select(Conversation)
        .where(
            or_(
                func.lower(Conversation.id).like(pattern, escape="\\"),
                Conversation.customer_id.in_(list(customer_ids)),
                Conversation.id.in_(said),
            )
        )
        .order_by(Conversation.updated_at.desc(), Conversation.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def actions_of(session: Session, customer_id: str, limit: int = 20) -> Sequence[DeskAction]:
    """Return the record actions agents took for a customer, newest first."""
    query = (
        select(DeskAction)
        .where(DeskAction.customer_id == customer_id)
        .order_by(DeskAction.created_at.desc(), DeskAction.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def lock_action(session: Session, action_id: str) -> DeskAction | None:
    """Return a record action locked for this transaction (one undo at a time)."""
    return session.scalars(
        select(DeskAction).where(DeskAction.id == action_id).with_for_update()
    ).one_or_none()


def macros(session: Session) -> Sequence[Macro]:
    """Return the macros the staff wrote, by title."""
    return session.scalars(select(Macro).order_by(Macro.title, Macro.id)).all()
