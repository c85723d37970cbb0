"""Write messages to customers into the outbox, in the caller's transaction.

A one-time code (a contact change, an unlock) goes to the customer's *current* contact details,
never to the value being requested: a change of email is confirmed by SMS to the current phone
number (the customer may have lost the old mailbox, and whoever holds only the new one learns
nothing); every other code goes by email to the current address. The message is rendered in
the language of the customer's record (English when that language has no template).

The row is only written here; the relay (`relay.py`) delivers it after commit, so a turn that
rolls back sends nothing. A code message expires with its code: the relay does not send it
once the code has stopped working. The body holds the code and is never copied to the audit log: the
audit entry names the message, its channel and purpose only.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from ridgeline.audit.service import record
from ridgeline.context import ServiceContext
from ridgeline.customers import repository as customers_repo
from ridgeline.kit.errors import NotFoundError
from ridgeline.kit.ids import new_id
from ridgeline.notifications.models import OutboxMessage

Channel = Literal["email", "sms"]
Purpose = Literal["contact_change", "unlock"]
PURPOSES: tuple[Purpose, ...] = ("contact_change", "unlock")
DEFAULT_LANGUAGE = "en"


@cache
def templates() -> dict[str, dict[str, str]]:
    """Return the message templates: language -> purpose -> text."""
    text = resources.files("ridgeline.notifications").joinpath("templates.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, str]] = yaml.safe_load(text)
    return loaded


def render(language: str, purpose: Purpose, *, code: str, minutes: int) -> tuple[str, str]:
    """Return (the language used, the body) of a code message."""
    used = language if language in templates() else DEFAULT_LANGUAGE
    return used, templates()[used][purpose].format(code=code, minutes=minutes)


def code_channel(changing: str | None) -> Channel:
    """Return how a one-time code travels: SMS when the email itself is changing, else email."""
    return "sms" if changing == "email" else "email"


def send_code(
    ctx: ServiceContext,
    customer_id: str,
    purpose: Purpose,
    code: str,
    minutes: int,
    *,
    changing: str | None = None,
) -> OutboxMessage:
    """Queue a one-time code for the customer's current contact details.

    `changing` names the contact field the code will change (`email`, `phone`, `address`), if
    any; it decides the channel (see `code_channel`).
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown message purpose {purpose!r}")
    customer = customers_repo.get(ctx.session, customer_id)
    if customer is None:
        raise NotFoundError("customer", customer_id)
    channel = code_channel(changing)
    language, body = render(customer.language, purpose, code=code, minutes=minutes)
    message = OutboxMessage(
        id=new_id("MSG"),
        customer_id=customer_id,
        channel=channel,
        recipient=customer.phone if channel == "sms" else customer.email,
        purpose=purpose,
        language=language,
        body=body,
        created_at=ctx.now(),
        status="pending",
        expires_at=ctx.now() + timedelta(minutes=minutes),
    )
    ctx.session.add(message)
    ctx.session.flush()
    record(
        ctx,
        "notification.queued",
        "outbox_message",
        message.id,
        customer_id=customer_id,
        details={"channel": channel, "purpose": purpose},
    )
    return message


def mark_sent(ctx: ServiceContext, message: OutboxMessage) -> OutboxMessage:
    """Mark a message delivered, now."""
    message.sent_at = ctx.now()
    return _settle(ctx, message, "sent")


def mark_expired(ctx: ServiceContext, message: OutboxMessage) -> OutboxMessage:
    """Mark a pending message expired: it will not be delivered."""
    return _settle(ctx, message, "expired")


def _settle(ctx: ServiceContext, message: OutboxMessage, status: str) -> OutboxMessage:
    """Move a pending message to its final `status`, with its audit entry."""
    message.status = status
    ctx.session.flush()
    record(
        ctx,
        f"notification.{status}",
        "outbox_message",
        message.id,
        customer_id=message.customer_id,
        before={"status": "pending"},
        after={"status": status},
        details={"channel": message.channel, "purpose": message.purpose},
    )
    return message
