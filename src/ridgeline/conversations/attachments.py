"""Attachments: images and PDF files a customer sends in a conversation.

A proof of return, a receipt, a screenshot: kept with the conversation for the people who work
it.

A file is accepted only when its first bytes say it is one of `KINDS` (PNG, JPEG, GIF, WebP or
PDF) and its name, if it has an extension, names that same kind: a renamed program is refused
whatever it is called. It is at most `MAX_BYTES` (10 MB); the route refuses a larger body
before reading it whole. A refused file stores nothing.

An accepted file becomes a customer message of the transcript (its name as the text) and an
`Attachment` row holding the bytes, in the same transaction, followed by a system notice that a
person can see it; the assistant does not read files, so no turn runs. The bytes are stored in
the database, like every other state, so any server process serves them. Routes
(`endpoints.py`): `POST /api/v1/conversations/{id}/attachments?filename=NAME` with the file as
the body (customer), `GET .../attachments` (the list, for the customer and the desk) and
`GET .../attachments/{attachment_id}` (the file itself).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ridgeline.audit.service import record
from ridgeline.context import ServiceContext
from ridgeline.conversations import repository
from ridgeline.conversations.models import Attachment
from ridgeline.conversations.service import append_message
from ridgeline.conversations.waiting import notice
from ridgeline.kit.errors import InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """A kind of file a customer may send: its type, how it starts, the names it goes by."""

    content_type: str
    extensions: tuple[str, ...]
    label: str

    def matches(self, head: bytes) -> bool:
        """Tell whether a file starting with `head` is of this kind."""
        if self.content_type == "image/png":
            return head.startswith(b"\x89PNG\r\n\x1a\n")
        if self.content_type == "image/jpeg":
            return head.startswith(b"\xff\xd8\xff")
        if self.content_type == "image/gif":
            return head.startswith((b"GIF87a", b"GIF89a"))
        if self.content_type == "image/webp":
            return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
        return head.startswith(b"%PDF-")


KINDS = (
    Kind("image/png", ("png",), "PNG"),
    Kind("image/jpeg", ("jpg", "jpeg"), "JPEG"),
    Kind("image/gif", ("gif",), "GIF"),
    Kind("image/webp", ("webp",), "WebP"),
    Kind("application/pdf", ("pdf",), "PDF"),
)
ACCEPTED = "images (PNG, JPEG, GIF, WebP) and PDF files"


def kind_of(data: bytes) -> Kind | None:
    """Return the kind of a file from its first bytes, or None when it is not one we take."""
    head = data[:16]
    return next((kind for kind in KINDS if kind.matches(head)), None)


def clean_name(filename: str) -> str:
    """Return a file name safe to show and to send back: no folders, no control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:200]


def check(filename: str, data: bytes) -> tuple[str, Kind]:
    """Return the file's clean name and kind, or refuse it (InvalidInputError, nothing stored)."""
    name = clean_name(filename) or "file"
    if not data:
        raise InvalidInputError("the file is empty")
    if len(data) > MAX_BYTES:
        raise InvalidInputError("the file is larger than 10 MB")
    kind = kind_of(data)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None:
        shown = f".{extension} files" if extension else "this file"
        raise InvalidInputError(f"{shown} cannot be sent: only {ACCEPTED} can")
    if extension and extension not in kind.extensions:
        raise InvalidInputError(
            f"the file's content is {kind.label}, not what its name says (.{extension}): "
            f"only {ACCEPTED} can be sent"
        )
    return name, kind


def attach(
    ctx: ServiceContext, conversation_id: str, filename: str, data: bytes, customer_id: str
) -> Attachment:
    """Add a customer's file to a conversation that is not closed (see the module)."""
    name, kind = check(filename, data)
    conv = repository.lock(ctx.session, conversation_id)
    if conv is None or conv.customer_id != customer_id:
        raise NotFoundError("conversation", conversation_id)
    if conv.status == "closed":
        raise RuleRefusedError(
            "conversation_closed", "this conversation is closed; start a new one"
        )
    message = append_message(ctx, conv, "customer", name, None)
    attachment = Attachment(
        id=new_id("ATT"),
        conversation_id=conv.id,
        message_seq=message.seq,
        customer_id=conv.customer_id,
        filename=name,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        created_at=ctx.now(),
    )
    ctx.session.add(attachment)
    append_message(
        ctx, conv, "system", notice("attachment_received", conv.language, name=name), conv.language
    )
    conv.updated_at = ctx.now()
    ctx.session.flush()
    record(
        ctx,
        "conversation.attachment_added",
        "conversation",
        conv.id,
        customer_id=conv.customer_id,
        after={
            "attachment_id": attachment.id,
            "content_type": kind.content_type,
            "size": len(data),
            "sha256": attachment.sha256,
        },
    )
    return attachment


def listed(session: Session, conversation_id: str) -> Sequence[Attachment]:
    """Return a conversation's attachments in the order they were sent (without their bytes)."""
    return repository.attachments(session, conversation_id)


def get(session: Session, conversation_id: str, attachment_id: str) -> Attachment:
    """Return one attachment of a conversation, or raise NotFoundError."""
    found = repository.attachment(session, conversation_id, attachment_id)
    if found is None:
        raise NotFoundError("attachment", attachment_id)
    return found
