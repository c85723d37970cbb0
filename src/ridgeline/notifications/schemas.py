"""API shapes of the outbox (read in the sandbox only)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ridgeline.notifications.models import OutboxMessage


class OutboxMessageOut(BaseModel):
    """A message of the outbox as the sandbox API returns it."""

    id: str
    customer_id: str
    channel: str
    recipient: str
    purpose: str
    language: str
    body: str
    status: str
    created_at: datetime
    sent_at: datetime | None
    expires_at: datetime | None

    @classmethod
    def of(cls, message: OutboxMessage) -> OutboxMessageOut:
        """Build the API shape of an outbox message."""
        return cls(
            id=message.id,
            customer_id=message.customer_id,
            channel=message.channel,
            recipient=message.recipient,
            purpose=message.purpose,
            language=message.language,
            body=message.body,
            status=message.status,
            created_at=message.created_at,
            sent_at=message.sent_at,
            expires_at=message.expires_at,
        )
