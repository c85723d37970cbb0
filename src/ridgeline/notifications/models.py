"""The outbox table: messages to customers, written with the change that needs them.

A message (a one-time code) is stored in the same transaction as the change that needs it and
delivered by the relay after the commit, so a change that rolls back sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ridgeline.kit.db import Base, UTCDateTime


class OutboxMessage(Base):
    """One message to one customer: `pending` until the relay delivers it, then `sent`.

    A message still pending at `expires_at` becomes `expired` instead (a one-time code that no
    longer works is never sent).

    `recipient` is the address or number the message goes to, copied when the message is
    written (a later change of contact details does not redirect it). `body` is rendered in the
    customer's language; it may hold a one-time code, so it is never copied to the audit log.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_created_at", "status", "created_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(String(320))
    purpose: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
