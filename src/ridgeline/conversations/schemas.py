"""API shapes of conversations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ridgeline.conversations.models import Conversation


class StartIn(BaseModel):
    """A new conversation as the API accepts it: whose, on which channel, in which locale."""

    model_config = ConfigDict(extra="forbid")

    customer_id: str | None = Field(default=None, min_length=1, max_length=64)
    channel: Literal["web", "app", "sms", "email", "voice", "whatsapp"] = "web"
    locale: str | None = Field(default=None, pattern=r"^[a-z]{2}([-_][A-Z]{2})?$")


class MessageIn(BaseModel):
    """A customer's message as the API accepts it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)


class CsatIn(BaseModel):
    """A customer's satisfaction rating of a conversation as the API accepts it."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)


class MessageOut(BaseModel):
    """A message of a transcript as the API returns it."""

    seq: int
    role: str
    text: str
    language: str | None
    created_at: datetime


class ReplyOut(BaseModel):
    """One reply of a turn as the API returns it."""

    role: str = "assistant"
    text: str
    language: str


class HandoffOut(BaseModel):
    """A handoff to a person as the API returns it: why, to which queue, with its summary."""

    reason: str
    queue: str
    summary: str


class ConversationOut(BaseModel):
    """A conversation as the API returns it, with its transcript."""

    id: str
    customer_id: str
    state: str
    language: str
    channel: str
    handoff: HandoffOut | None
    messages: list[MessageOut]
    csat: int | None

    @classmethod
    def of(cls, conv: Conversation) -> ConversationOut:
        """Build the API shape of a conversation with its transcript."""
        h = conv.handoff
        return cls(
            id=conv.id,
            customer_id=conv.customer_id,
            state=conv.status,
            language=conv.language,
            channel=conv.channel,
            handoff=HandoffOut(reason=h["reason"], queue=h["queue"], summary=h["summary"])
            if h
            else None,
            messages=[
                MessageOut(
                    seq=m.seq,
                    role=m.role,
                    text=m.text,
                    language=m.language,
                    created_at=m.created_at,
                )
                for m in conv.messages
            ],
            csat=conv.csat_score,
        )


class ChoiceOut(BaseModel):
    """A request offered by a clarifying question: its intent and the words it is shown with."""

    intent: str
    label: str


class TurnOut(BaseModel):
    """The assistant's answer to a customer's message as the API returns it."""

    messages: list[ReplyOut]
    state: str
    intent: str | None
    intents: list[str] = []  # every request of the message, in the order handled
    choices: list[ChoiceOut] = []  # when the assistant asks which request the customer means
    actions: list[dict[str, str]]
    handoff: HandoffOut | None
