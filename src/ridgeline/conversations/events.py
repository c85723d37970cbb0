"""Live updates of a conversation for the customer's page and the agent's console.

`GET /api/v1/conversations/{id}/events?after=SEQ` is a stream of server-sent events: one event
per message, its `id` the message's `seq`, its data the message and the conversation's state.
The stream reads new messages from the database, never from process memory, so a reply written
by an agent connected to another server process reaches the customer all the same. It reads
them when its conversation's `last_seq` moves, which one poll per process watches for every
stream at once (`watch.py`). A client that reconnects sends `Last-Event-ID` (the
browser's EventSource does it by itself) or `after`, and gets every message it missed.

With `waiting=true` (the customer's page asks for it), while the conversation waits for a
person, the stream also sends a `waiting` event (no id) whenever what the waiting room says
changes (position, expected wait, agents online, opening hours; `waiting.py`), looked at every
`WAITING_SECONDS`: the queue moves when other conversations are taken, which this
conversation's `last_seq` does not show. A message's event
carries `author` (the first name of the agent who wrote it), `agent` (of the person holding the
conversation) and `attachment` (a customer's file), as the transcript does.

EventSource cannot send headers, so the token may also come as `access_token` in the query.
One token holds at most five streams at once per process (`http/streams.py`; the sixth: 429;
admin tokens are not limited).
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Sequence
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request

from ridgeline.auth.service import Principal, resolve
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import repository
from ridgeline.conversations.schemas import AttachmentOut, WaitingOut
from ridgeline.conversations.waiting import WAITING, WaitingRoom
from ridgeline.conversations.watch import Watch
from ridgeline.http.deps import Container, container
from ridgeline.http.streams import HeldStream
from ridgeline.kit.errors import NotFoundError
from ridgeline.kit.logs import log_event

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])
C = Annotated[Container, Depends(container)]

POLL_SECONDS = 0.1  # how often the process looks for new messages of the watched conversations
HEARTBEAT_SECONDS = 15.0  # a comment line keeps proxies from closing an idle stream
STREAM_SECONDS = 300.0  # then the stream ends and the browser reconnects with Last-Event-ID
RETRY_MS = 1000  # how long the browser waits before reconnecting
WAITING_SECONDS = 3.0  # how often a waiting conversation's stream looks at its place in line


def _token(authorization: str | None, access_token: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else (access_token or "")
    if not token:
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    return token


def _caller(c: Container, token: str) -> Principal:
    with c.db.reader() as session:
        found = resolve(session, token, c.settings.admin_token)
    if found is None:
        raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
    return found


def _check_visible(c: Container, caller: Principal, conversation_id: str) -> None:
    with c.db.reader() as session:
        conv = repository.get(session, conversation_id)
        if conv is None or (not caller.is_staff and conv.customer_id != caller.subject):
            raise NotFoundError("conversation", conversation_id)


def _new_messages(
    c: Container, room: WaitingRoom | None, conversation_id: str, after: int
) -> list[dict[str, Any]]:
    """Return the messages after `after`, each with the conversation's state now."""
    with c.db.reader() as session:
        rows = repository.messages_after(session, conversation_id, after)
        if not rows:
            return []  # the common case of a poll: one indexed query, nothing else loaded
        conv = repository.get(session, conversation_id)
        if conv is None:
            return []
        authors = {m.author_id for m in rows if m.author_id} | {conv.agent_id or ""}
        authors.discard("")
        names = room.line.first_names(session, authors) if room is not None and authors else {}
        said = [m.seq for m in rows if m.role == "customer"]
        files = {
            a.message_seq: AttachmentOut.of(a).model_dump(mode="json")
            for a in (repository.attachments(session, conv.id, said) if said else ())
        }
        return [
            {
                "seq": m.seq,
                "role": m.role,
                "text": m.text,
                "language": m.language,
                "created_at": m.created_at.isoformat(),
                "state": conv.status,
                "author": names.get(m.author_id) if m.author_id else None,
                "agent": names.get(conv.agent_id) if conv.agent_id else None,
                "attachment": files.get(m.seq),
            }
            for m in rows
        ]


def _waiting(
    c: Container, room: WaitingRoom, conversation_id: str
) -> tuple[str | None, dict[str, Any] | None]:
    """Return the conversation's status and, while it waits, what the waiting room says."""
    with c.db.reader() as session:
        conv = repository.get(session, conversation_id)
        if conv is None:
            return None, None
        found = room.of(ServiceContext(session, c.clock, Actor("system")), conv)
        if found is None:
            return conv.status, None
        return conv.status, {"state": conv.status, **WaitingOut.of(found).model_dump(mode="json")}


def _last_seqs(c: Container, conversation_ids: Sequence[str]) -> dict[str, int]:
    with c.db.reader() as session:
        return repository.last_seqs(session, conversation_ids)


def _start_after(after: int, last_event_id: str | None) -> int:
    """Return where to resume: the later of `after` and a valid Last-Event-ID."""
    if last_event_id and last_event_id.strip().isdigit():
        return max(after, min(int(last_event_id.strip()), 2**31 - 1))
    return after


def frame(data: dict[str, Any], event: str = "message", event_id: int | None = None) -> str:
    """Return one server-sent event."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _stream(
    request: Request, c: Container, conversation_id: str, after: int, waiting_room: bool = False
) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    started = last_beat = time.monotonic()
    seen = after
    watch = c.of_loop("watch", lambda: Watch(partial(_last_seqs, c), POLL_SECONDS))
    room: WaitingRoom | None = (
        getattr(request.app.state, "waiting_room", None) if waiting_room else None
    )
    status: str | None = None  # unknown until the first look
    told: dict[str, Any] | None = None  # the last `waiting` event sent
    next_look = started  # when to look at the waiting room again
    moved = True  # first catch up with what the client missed
    while (now := time.monotonic()) - started < STREAM_SECONDS:
        if await request.is_disconnected():
            break
        if moved:
            rows = await anyio.to_thread.run_sync(_new_messages, c, room, conversation_id, seen)
            for row in rows:
                seen = row["seq"]
                status = row["state"]
                yield frame(row, event_id=row["seq"])
        looking = room is not None and status in (None, WAITING)
        if room is not None and looking and (moved or now >= next_look):
            next_look = now + WAITING_SECONDS
            status, waiting = await anyio.to_thread.run_sync(_waiting, c, room, conversation_id)
            if waiting is not None and waiting != told:
                told = waiting
                yield frame(waiting, event="waiting")
        if now - last_beat >= HEARTBEAT_SECONDS:
            last_beat = now
            yield ": keep-alive\n\n"
        # Wait for a message until the next heartbeat is due (a client that left is noticed by
        # the server, which cancels this stream, or at the latest by the heartbeat's write), or
        # until the waiting room is due another look.
        until = min(last_beat + HEARTBEAT_SECONDS, started + STREAM_SECONDS)
        if room is not None and status == WAITING:
            until = min(until, next_look)
        moved = await watch.moved(conversation_id, seen, max(0.0, until - time.monotonic()))
    log_event("conversation.events.ended", conversation_id=conversation_id, last_seq=seen)


@router.get("/{conversation_id}/events")
async def events(
    conversation_id: str,
    request: Request,
    c: C,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="the last seq the client has")] = 0,
    access_token: Annotated[str | None, Query(max_length=200)] = None,
    authorization: Annotated[str | None, Header()] = None,
    last_event_id: Annotated[str | None, Header()] = None,
    waiting: Annotated[bool, Query(description="also send the waiting room's events")] = False,
) -> HeldStream:
    """Stream the conversation's messages after `after` (or Last-Event-ID) as they arrive."""
    token = _token(authorization, access_token)
    caller = await anyio.to_thread.run_sync(_caller, c, token)
    await anyio.to_thread.run_sync(_check_visible, c, caller, conversation_id)
    start = _start_after(after, last_event_id)
    return HeldStream(
        _stream(request, c, conversation_id, start, waiting),
        c.streams.take(token, unlimited=caller.role == "admin"),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
