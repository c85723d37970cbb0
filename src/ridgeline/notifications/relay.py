"""The relay: hand pending outbox messages to a `Sender` after commit and mark them sent.

Delivery is at least once. Each message is its own short transaction: claim the row (still
pending, locked), deliver, mark sent, commit. A message past its `expires_at` (a one-time code
that no longer works) is marked expired instead, and not delivered. A sender that raises leaves
the message pending for the next pass; a crash between delivery and commit delivers it again.
Two relays may run at once: on PostgreSQL a row one holds is skipped by the other (`SKIP
LOCKED`), on SQLite writers queue.

The only sender shipped is `SandboxSender`, which writes a log line and delivers nothing: no
email or SMS provider is wired in. A provider is one more class with a `deliver` method.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ridgeline.context import SYSTEM, ServiceContext
from ridgeline.kit.clock import Clock
from ridgeline.kit.db import Database
from ridgeline.kit.logs import log_event
from ridgeline.notifications import repository
from ridgeline.notifications.models import OutboxMessage
from ridgeline.notifications.service import mark_expired, mark_sent


@dataclass(frozen=True)
class Outgoing:
    """A message as a sender receives it (a copy: a sender never touches the database)."""

    id: str
    customer_id: str
    channel: str
    recipient: str
    purpose: str
    language: str
    body: str
    created_at: datetime

    @classmethod
    def of(cls, row: OutboxMessage) -> Outgoing:
        """Copy an outbox row."""
        return cls(
            id=row.id,
            customer_id=row.customer_id,
            channel=row.channel,
            recipient=row.recipient,
            purpose=row.purpose,
            language=row.language,
            body=row.body,
            created_at=row.created_at,
        )


class Sender(Protocol):
    """Deliver one message by its channel; raise if it could not be handed over."""

    def deliver(self, message: Outgoing) -> None:
        """Deliver `message` or raise."""
        ...


def mask(recipient: str) -> str:
    """Return a recipient with most of it hidden, for logs (`c***@example.com`, `***0000`)."""
    local, at, domain = recipient.partition("@")
    if at:
        return f"{local[:1]}***@{domain}"
    return f"***{recipient[-4:]}"


class SandboxSender:
    """Deliver nothing; write one structured log line per message (`notifications.delivered`).

    The body, which may hold a one-time code, is logged only with `show_body` (a sandbox on a
    developer's machine); the recipient is masked.
    """

    def __init__(self, *, show_body: bool = False) -> None:
        """Log bodies only when `show_body` is set."""
        self.show_body = show_body

    def deliver(self, message: Outgoing) -> None:
        """Log the message instead of sending it."""
        fields = {
            "message_id": message.id,
            "customer_id": message.customer_id,
            "channel": message.channel,
            "recipient": mask(message.recipient),
            "purpose": message.purpose,
            "sender": "sandbox",
        }
        if self.show_body:
            fields["body"] = message.body
        log_event("notifications.delivered", **fields)


@dataclass(frozen=True)
class RelayReport:
    """What one pass of the relay did."""

    sent: int
    failed: int
    expired: int = 0


def relay_pending(db: Database, sender: Sender, clock: Clock, *, limit: int = 100) -> RelayReport:
    """Deliver up to `limit` pending messages, oldest first, each marked sent in its own commit.

    A message whose expiry `clock` is past is marked expired instead, and not delivered.
    """
    with db.reader() as session:
        ids = repository.pending_ids(session, limit)
        session.rollback()
    sent = failed = expired = 0
    for message_id in ids:
        with db.writer() as session:
            row = repository.claim_pending(session, message_id)
            if row is None:  # another relay took it meanwhile
                session.rollback()
                continue
            ctx = ServiceContext(session, clock, SYSTEM)
            if row.expires_at is not None and clock.now() > row.expires_at:
                mark_expired(ctx, row)
                session.commit()
                expired += 1
                log_event("notifications.expired", message_id=message_id, channel=row.channel)
                continue
            outgoing = Outgoing.of(row)
            try:
                sender.deliver(outgoing)
            except Exception as exc:  # any failure of a sender leaves the message pending
                session.rollback()
                failed += 1
                log_event(
                    "notifications.delivery_failed",
                    message_id=message_id,
                    channel=outgoing.channel,
                    error=type(exc).__name__,
                    detail=str(exc),
                )
                continue
            mark_sent(ctx, row)
            session.commit()
            sent += 1
    return RelayReport(sent=sent, failed=failed, expired=expired)
