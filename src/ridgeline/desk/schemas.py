"""API shapes of the desk."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ridgeline.conversations.models import Conversation
from ridgeline.conversations.schemas import ConversationOut
from ridgeline.desk.models import Agent
from ridgeline.desk.routing import priority_of

Queue = Literal["general", "payments", "disputes", "fraud", "financial_support", "complaints"]


def _general() -> list[Queue]:
    return ["general"]


class SignInIn(BaseModel):
    """A desk sign-in as the API accepts it."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class AgentIn(BaseModel):
    """A new desk agent as the API accepts it, with skills and capacity."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=200)
    role: Literal["agent", "supervisor", "admin"] = "agent"
    skills: list[Queue] = Field(default_factory=_general, min_length=1)
    capacity: int = Field(default=3, ge=1, le=20)


class AvailabilityIn(BaseModel):
    """An agent's new availability as the API accepts it."""

    model_config = ConfigDict(extra="forbid")

    availability: Literal["online", "away", "offline"]


class ReplyIn(BaseModel):
    """An agent's reply to a customer as the API accepts it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)


class AssignIn(BaseModel):
    """An assignment of a conversation as the API accepts it (no agent: routing picks)."""

    model_config = ConfigDict(extra="forbid")

    agent_id: str | None = Field(default=None, min_length=1, max_length=64)


class AgentOut(BaseModel):
    """A desk agent as the API returns it, with how many conversations they hold."""

    id: str
    email: str
    name: str
    role: str
    skills: list[str]
    capacity: int
    availability: str
    holding: int = 0

    @classmethod
    def of(cls, agent: Agent, holding: int = 0) -> AgentOut:
        """Build the API shape of an agent (never the password hash)."""
        return cls(
            id=agent.id,
            email=agent.email,
            name=agent.name,
            role=agent.role,
            skills=list(agent.skills),
            capacity=agent.capacity,
            availability=agent.availability,
            holding=holding,
        )


class SignedInOut(BaseModel):
    """A signed-in agent and their token as the API returns them."""

    token: str
    agent: AgentOut


class QueueItemOut(BaseModel):
    """A conversation waiting in a desk queue as the API returns it."""

    id: str
    customer_id: str
    state: str
    reason: str
    queue: str
    summary: str
    priority: str
    language: str
    handed_over_at: datetime | None
    wait: int  # seconds since the handoff
    agent_id: str | None

    @classmethod
    def of(cls, conv: Conversation, now: datetime) -> QueueItemOut:
        """Build a queue row of a conversation handed to the desk."""
        h: dict[str, Any] = conv.handoff or {}
        since = conv.handed_over_at or conv.updated_at
        return cls(
            id=conv.id,
            customer_id=conv.customer_id,
            state=conv.status,
            reason=str(h.get("reason", "customer_request")),
            queue=str(h.get("queue", "general")),
            summary=str(h.get("summary", "")),
            priority=priority_of(h),
            language=conv.language,
            handed_over_at=conv.handed_over_at,
            wait=max(0, int((now - since).total_seconds())),
            agent_id=conv.agent_id,
        )


class ClocksOut(BaseModel):
    """A handed-over conversation's clocks as the API returns them."""

    handed_over_at: datetime | None
    claimed_at: datetime | None
    first_agent_reply_at: datetime | None
    released_at: datetime | None
    closed_at: datetime | None
    wait_seconds: int | None
    handle_seconds: int | None


class AuditOut(BaseModel):
    """An audit entry of a conversation as the desk API returns it."""

    at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    entity_type: str
    entity_id: str


class DeskConversationOut(BaseModel):
    """A conversation as the desk API returns it, with priority, agent, clocks and audit."""

    conversation: ConversationOut
    priority: str
    agent_id: str | None
    clocks: ClocksOut
    audit: list[AuditOut]


class SuggestionOut(BaseModel):
    """A suggested reply for an agent as the API returns it."""

    text: str
    source: str
