"""API shapes of conversations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ridgeline.assistant.replies import choice_label
from ridgeline.assistant.state import ConversationState
from ridgeline.conversations.models import Attachment, Conversation
from ridgeline.conversations.waiting import Waiting


class StartIn(BaseModel):
    """A new conversation as the API accepts it: whose, on which channel, in which locale."""

    model_config = ConfigDict(extra="forbid", strict=True)

    customer_id: str | None = Field(default=None, min_length=1, max_length=64)
    channel: Literal["web", "app", "sms", "email", "voice", "whatsapp"] = "web"
    locale: str | None = Field(default=None, pattern=r"^[a-z]{2}([-_][A-Z]{2})?$")


class MessageIn(BaseModel):
    """A customer's message as the API accepts it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(min_length=1, max_length=4000)


class CsatIn(BaseModel):
    """A customer's satisfaction rating of a conversation as the API accepts it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)


class CallbackIn(BaseModel):
    """A waiting customer's wish to be called back or answered by email instead."""

    model_config = ConfigDict(extra="forbid", strict=True)

    channel: Literal["phone", "email"]


class AttachmentOut(BaseModel):
    """A file sent in a conversation as the API returns it (`url` serves the file itself)."""

    id: str
    filename: str
    content_type: str
    size: int
    message_seq: int
    created_at: datetime
    url: str

    @classmethod
    def of(cls, attachment: Attachment) -> AttachmentOut:
        """Build the API shape of an attachment (its bytes are not read)."""
        return cls(
            id=attachment.id,
            filename=attachment.filename,
            content_type=attachment.content_type,
            size=attachment.size,
            message_seq=attachment.message_seq,
            created_at=attachment.created_at,
            url=f"/api/v1/conversations/{attachment.conversation_id}/attachments/{attachment.id}",
        )


class WaitingOut(BaseModel):
    """Where a conversation waiting for a person stands (contract: "Conversations").

    `estimated_wait_seconds` is null when no estimate can be made (nobody online, or closed);
    `estimate` says how it was made (`observed` handling times, or `erlang_c`). Outside the
    opening hours `open_now` is false and `opens_at` the next opening; with the desk closed or
    nobody online `offer_callback` is true, and `callback` the channel once asked for.
    """

    position: int | None
    estimated_wait_seconds: int | None
    agents_online: int
    open_now: bool
    opens_at: datetime | None
    offer_callback: bool
    callback: Literal["phone", "email"] | None
    estimate: Literal["observed", "erlang_c"] | None

    @classmethod
    def of(cls, waiting: Waiting) -> WaitingOut:
        """Build the API shape of what the waiting room says."""
        return cls(
            position=waiting.position,
            estimated_wait_seconds=waiting.estimated_wait_seconds,
            agents_online=waiting.agents_online,
            open_now=waiting.open_now,
            opens_at=waiting.opens_at,
            offer_callback=waiting.offer_callback,
            callback=waiting.callback,
            estimate=waiting.estimate,
        )


class MessageOut(BaseModel):
    """A message of a transcript as the API returns it.

    `author` is the first name of the person who wrote an agent's message; `attachment` the
    file a customer's message carries.
    """

    seq: int
    role: str
    text: str
    language: str | None
    created_at: datetime
    author: str | None = None
    attachment: AttachmentOut | None = None


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


class ChoiceOut(BaseModel):
    """A request offered by a clarifying question: its intent and the words it is shown with."""

    intent: str
    label: str


class ConversationOut(BaseModel):
    """A conversation as the API returns it, with its transcript.

    `waiting` while it waits for a person; `agent` the first name of the person holding it;
    `expects` "yes_no" when the assistant's last message asked a yes/no question and `choices`
    the requests a clarifying question offered, so a page can offer them as quick replies.
    """

    id: str
    customer_id: str
    state: str
    language: str
    channel: str
    handoff: HandoffOut | None
    messages: list[MessageOut]
    csat: int | None
    waiting: WaitingOut | None = None
    agent: str | None = None
    expects: Literal["yes_no"] | None = None
    choices: list[ChoiceOut] = []

    @classmethod
    def of(
        cls,
        conv: Conversation,
        *,
        waiting: Waiting | None = None,
        names: Mapping[str, str] | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> ConversationOut:
        """Build the API shape of a conversation with its transcript.

        `names` maps agents' ids to first names; `attachments` are the conversation's files.
        """
        h = conv.handoff
        names = names or {}
        files = {a.message_seq: AttachmentOut.of(a) for a in attachments}
        state = _state_of(conv)
        offered = state.choices if state is not None and conv.status == "assistant" else []
        asked = state is not None and conv.status == "assistant" and asks_yes_no(state)
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
                    author=names.get(m.author_id) if m.author_id else None,
                    attachment=files.get(m.seq),
                )
                for m in conv.messages
            ],
            csat=conv.csat_score,
            waiting=WaitingOut.of(waiting) if waiting is not None else None,
            agent=names.get(conv.agent_id) if conv.agent_id else None,
            expects="yes_no" if asked else None,
            choices=[ChoiceOut(intent=i, label=choice_label(conv.language, i)) for i in offered],
        )


def _state_of(conv: Conversation) -> ConversationState | None:
    """Return the assistant's state of a conversation, or None when it cannot be read.

    The transcript is shown all the same.
    """
    try:
        return ConversationState.from_json(conv.state or {"language": conv.language}, conv.status)
    except (TypeError, KeyError, ValueError):
        return None


def asks_yes_no(state: ConversationState) -> bool:
    """Tell whether the assistant's last message asked a yes/no question.

    The engine's own test: a confirmation awaited, a person offered, or a change offered.
    """
    awaiting = state.frame.awaiting if state.frame else None
    return awaiting == "confirm" or bool(state.human_offered) or bool(state.offer_flow)


class TurnOut(BaseModel):
    """The assistant's answer to a customer's message as the API returns it."""

    messages: list[ReplyOut]
    state: str
    intent: str | None
    intents: list[str] = []  # every request of the message, in the order handled
    choices: list[ChoiceOut] = []  # when the assistant asks which request the customer means
    expects: Literal["yes_no"] | None = None  # the assistant asked a yes/no question
    actions: list[dict[str, str]]
    handoff: HandoffOut | None
