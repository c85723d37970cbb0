"""Tables of conversations and their messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ridgeline.kit.db import Base, UTCDateTime


class Conversation(Base):
    """One customer conversation; `state` is the assistant's state after the last turn."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    language: Mapped[str] = mapped_column(String(2))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    handoff: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    last_intent: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    agent_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    csat_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    csat_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The desk's clocks: when a person took the chat, first answered, gave it back; the wait
    # (time to human) and the time people spent holding it, in seconds, for the metrics.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    first_agent_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    wait_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    handle_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The `seq` of the last message; writers hold the conversation's lock when they add one.
    last_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Bumped by every change of the row (the ORM's optimistic concurrency check): a turn worked
    # out ahead of its transaction is stored only while the conversation is at the version read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    # When the retention policy erased the conversation's words (`conversations/retention.py`).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own protocol

    # Loaded when read: a turn appends messages without reading the transcript.
    messages: Mapped[list[Message]] = relationship(order_by="Message.seq", lazy="select")


class Message(Base):
    """One message of a conversation, numbered in order (clients resume by `seq`)."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("conversation_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    author_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Attachment(Base):
    """A file a customer sent in a conversation: an image or a PDF, kept in the database.

    Its message (`message_seq`, role customer, the file's name as text) places it in the
    transcript. Its type was found from its first bytes, never from its name alone
    (`conversations/attachments.py`). The bytes live in the database, like every other state,
    so any server process can serve them; they are loaded only when the file itself is asked for.
    """

    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    message_seq: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
