"""API shapes of the desk."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ridgeline.conversations.models import Conversation
from ridgeline.conversations.schemas import ConversationOut
from ridgeline.desk.models import Agent, DeskNote
from ridgeline.desk.routing import priority_of

Queue = Literal["general", "payments", "disputes", "fraud", "financial_support", "complaints"]


def _general() -> list[Queue]:
    return ["general"]


class SignInIn(BaseModel):
    """A desk sign-in as the API accepts it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    email: str = Field(min_length=3, max_length=200)
    password: str = Field(min_length=1, max_length=200)


class AgentIn(BaseModel):
    """A new desk agent as the API accepts it, with skills and capacity."""

    model_config = ConfigDict(extra="forbid", strict=True)

    email: str = Field(min_length=3, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=200)
    role: Literal["agent", "supervisor", "admin"] = "agent"
    skills: list[Queue] = Field(default_factory=_general, min_length=1)
    capacity: int = Field(default=3, ge=1, le=20)


class AvailabilityIn(BaseModel):
    """An agent's new availability as the API accepts it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    availability: Literal["online", "away", "offline"]


class ReplyIn(BaseModel):
    """An agent's reply to a customer as the API accepts it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(min_length=1, max_length=4000)


class AssignIn(BaseModel):
    """An assignment of a conversation as the API accepts it (no agent: routing picks)."""

    model_config = ConfigDict(extra="forbid", strict=True)

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


class LatestOut(BaseModel):
    """The customer's latest message in a conversation, and whether it has had an answer."""

    seq: int
    text: str
    at: datetime
    answered: bool


class TimerOut(BaseModel):
    """A service-level timer: what it measures, since when, and its target in seconds."""

    kind: Literal["wait", "reply"]
    since: datetime
    target_seconds: int
    elapsed_seconds: int  # by the server's clock when answered (pages count on from it)


class QueueItemOut(BaseModel):
    """A conversation waiting in a desk queue (or held by the caller) as the API returns it.

    `latest` is the customer's newest message (not the one at handover); `timer` the service
    level that runs: the wait for a person, or a held customer's wait for a reply.
    """

    id: str
    customer_id: str
    customer_name: str | None = None
    state: str
    reason: str
    queue: str
    transferred_from: str | None = None
    summary: str
    priority: str
    language: str
    handed_over_at: datetime | None
    wait: int  # seconds since the handoff
    agent_id: str | None
    latest: LatestOut | None = None
    timer: TimerOut | None = None

    @classmethod
    def of(
        cls,
        conv: Conversation,
        now: datetime,
        latest: LatestOut | None = None,
        timer: TimerOut | None = None,
        customer_name: str | None = None,
    ) -> QueueItemOut:
        """Build a queue row of a conversation handed to the desk."""
        h: dict[str, Any] = conv.handoff or {}
        since = conv.handed_over_at or conv.updated_at
        return cls(
            id=conv.id,
            customer_id=conv.customer_id,
            customer_name=customer_name,
            state=conv.status,
            reason=str(h.get("reason", "customer_request")),
            queue=str(h.get("queue", "general")),
            transferred_from=h.get("transferred_from"),
            summary=str(h.get("summary", "")),
            priority=priority_of(h),
            language=conv.language,
            handed_over_at=conv.handed_over_at,
            wait=max(0, int((now - since).total_seconds())),
            agent_id=conv.agent_id,
            latest=latest,
            timer=timer,
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


class NoteOut(BaseModel):
    """An internal note on a conversation as the desk API returns it (never to customers)."""

    id: int
    kind: str
    text: str
    author_id: str
    author_name: str
    created_at: datetime

    @classmethod
    def of(cls, note: DeskNote) -> NoteOut:
        """Build the API shape of a note."""
        return cls(
            id=note.id,
            kind=note.kind,
            text=note.text,
            author_id=note.author_id,
            author_name=note.author_name,
            created_at=note.created_at,
        )


class DeskConversationOut(BaseModel):
    """A conversation as the desk API returns it.

    With its priority, agent, clocks, the customer's audit and the staff's internal notes.
    """

    conversation: ConversationOut
    priority: str
    agent_id: str | None
    clocks: ClocksOut
    audit: list[AuditOut]
    notes: list[NoteOut] = Field(default_factory=list)
    customer_name: str | None = None


class NoteIn(BaseModel):
    """An internal note as the API accepts it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(min_length=1, max_length=4000)


class TransferIn(BaseModel):
    """A transfer of a conversation to another queue, with a note for the next person."""

    model_config = ConfigDict(extra="forbid", strict=True)

    queue: Queue
    note: str = Field(min_length=1, max_length=4000)


class ActionIn(BaseModel):
    """A record action as the API accepts it: the kind and the parameters it needs."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: str = Field(min_length=1, max_length=32)
    conversation_id: str | None = Field(default=None, max_length=64)
    order_id: str | None = Field(default=None, max_length=64)
    fee_id: str | None = Field(default=None, max_length=64)
    enabled: bool | None = None
    reason: str | None = Field(default=None, max_length=64)
    arrangement: str | None = Field(default=None, max_length=32)
    days: int | None = Field(default=None, ge=-10_000, le=10_000)
    count: int | None = Field(default=None, ge=-10_000, le=10_000)
    arrangement_id: str | None = Field(default=None, max_length=64)
    case_id: str | None = Field(default=None, max_length=64)
    outcome: str | None = Field(default=None, max_length=64)


class PreviewOut(BaseModel):
    """What a record action would change (or the rule that refuses it), before it is done."""

    kind: str
    allowed: bool
    summary: str
    rule: str | None
    message: str | None
    changes: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    undo: str


class ActionOut(BaseModel):
    """A record action done (or undone) as the API returns it, with what it changed."""

    id: str
    kind: str
    summary: str
    agent_id: str
    created_at: datetime
    undone_at: datetime | None
    undo_until: datetime | None  # null: it cannot be undone (any more)
    changes: list[str] = Field(default_factory=list)


class MacroIn(BaseModel):
    """A new macro as the API accepts it: a title and a text per language."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field(min_length=1, max_length=200)
    texts: dict[str, str]


class MacroOut(BaseModel):
    """A macro as the desk API returns it."""

    id: str
    title: str
    texts: dict[str, str]
    builtin: bool
    created_by: str | None


class MacroFillIn(BaseModel):
    """Which macro to fill for a conversation, about which order (default: the next due)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    macro_id: str = Field(min_length=1, max_length=64)
    order_id: str | None = Field(default=None, max_length=64)


class MacroFilledOut(BaseModel):
    """A macro's text filled from the records, in the conversation's language."""

    macro_id: str
    language: str
    text: str


class CustomerHitOut(BaseModel):
    """A customer found by the desk's search."""

    id: str
    name: str
    email: str
    market: str


class ConversationHitOut(BaseModel):
    """A conversation found by the desk's search, or one of a customer's past conversations."""

    id: str
    customer_id: str
    customer_name: str | None
    state: str
    created_at: datetime
    updated_at: datetime
    last_intent: str | None
    reason: str | None
    queue: str | None
    latest: LatestOut | None


class SearchOut(BaseModel):
    """What the desk's search found."""

    customers: list[CustomerHitOut]
    conversations: list[ConversationHitOut]


class DeskSettingsOut(BaseModel):
    """What the desk page needs to know of the policy and the lists of names."""

    queues: list[str]
    dispute_reasons: list[str]
    case_outcomes: dict[str, list[str]]
    hardship_kinds: list[str]
    hardship_pause_max_days: int
    hardship_max_installments: int
    wait_target_seconds: int
    wait_target_high_seconds: int
    reply_target_seconds: int
    undo_minutes: int
    placeholders: dict[str, str]
    languages: list[str]


class SuggestionOut(BaseModel):
    """A suggested reply for an agent as the API returns it."""

    text: str
    source: str
