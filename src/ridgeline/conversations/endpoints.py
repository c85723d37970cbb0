"""HTTP routes of conversations (the chat API of the contract)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.replies import choice_label
from ridgeline.assistant.views import CustomerProfile
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import attachments, messages, repository, service
from ridgeline.conversations.models import Conversation
from ridgeline.conversations.schemas import (
    AttachmentOut,
    CallbackIn,
    ChoiceOut,
    ConversationOut,
    CsatIn,
    HandoffOut,
    MessageIn,
    ReplyOut,
    StartIn,
    TurnOut,
    WaitingOut,
    asks_yes_no,
)
from ridgeline.conversations.waiting import WaitingRoom
from ridgeline.http.deps import Caller, Container, ReadSession, WriteSession, container
from ridgeline.http.errors import error_body
from ridgeline.kit.errors import NotFoundError
from ridgeline.records.views import customer_profile

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])
C = Annotated[Container, Depends(container)]


def _scope(caller: Caller) -> str | None:
    """Return the customer a caller is bound to (None for staff, who see all)."""
    return caller.subject if caller.role == "customer" else None


def waiting_room(request: Request) -> WaitingRoom | None:
    """Return the app's waiting room (None in an app built without a desk)."""
    room: WaitingRoom | None = getattr(request.app.state, "waiting_room", None)
    return room


Room = Annotated[WaitingRoom | None, Depends(waiting_room)]


def _visible(session: Session, conversation_id: str, scope: str | None) -> Conversation:
    """Return the conversation if the caller may see it (customers: only their own)."""
    conv = repository.get(session, conversation_id)
    if conv is None or (scope is not None and conv.customer_id != scope):
        raise NotFoundError("conversation", conversation_id)
    return conv


def conversation_out(
    ctx: ServiceContext, conv: Conversation, room: WaitingRoom | None
) -> ConversationOut:
    """Return the API shape of a conversation.

    Its transcript with authors and files, and where it stands while it waits.
    """
    session = ctx.session
    authors = {m.author_id for m in conv.messages if m.author_id}
    if conv.agent_id:
        authors.add(conv.agent_id)
    names = room.line.first_names(session, authors) if room is not None and authors else {}
    return ConversationOut.of(
        conv,
        waiting=room.of(ctx, conv) if room is not None else None,
        names=names,
        attachments=repository.attachments(session, conv.id),
    )


@router.post("", status_code=201)
async def start(body: StartIn, caller: Caller, c: C) -> dict[str, object]:
    """Open a conversation; the first message discloses the AI and offers a person.

    The customer is read first; the conversation is then stored in one statement.
    """
    customer_id = body.customer_id or _scope(caller)
    if customer_id is None:
        raise HTTPException(422, "customer_id is required")
    if caller.role == "customer" and customer_id != caller.subject:
        raise NotFoundError("customer", customer_id)
    c.limit(caller)
    lanes = c.lanes()

    def read() -> tuple[Engine, CustomerProfile]:
        engine = c.engine()
        with c.db.reader() as reader:
            return engine, customer_profile(reader, customer_id)

    def write(engine: Engine, view: CustomerProfile) -> dict[str, object]:
        opened = service.start(c.db, c.clock, engine, customer_id, body.channel, body.locale, view)
        return {
            "id": opened.id,
            "state": opened.status,
            "customer_id": customer_id,
            "messages": [
                {"role": "assistant", "text": r.text, "language": r.language}
                for r in opened.replies
            ],
        }

    async with lanes.reading:
        engine, view = await run_in_threadpool(read)
    async with lanes.writing:
        return await run_in_threadpool(write, engine, view)


@router.post("/{conversation_id}/messages", response_model=TurnOut)
async def post_message(
    conversation_id: str, body: MessageIn, caller: Caller, c: C, room: Room
) -> TurnOut | JSONResponse:
    """Send a customer message; the assistant answers (202 while a person holds the chat).

    The two halves of `messages.handle_message` run in the process's lanes: understanding
    and working out the turn among the readers, storing it among the writers. Either way the
    turn is committed before the answer is sent, and any error rolls it all back. While the
    conversation waits for a person, the 202 carries one system message from the waiting room
    (a person will see it; the position and expected wait where known) and `waiting`.
    """
    scope = _scope(caller)
    c.limit(caller)
    lanes = c.lanes()
    args = (c.db, c.clock, c.engine, conversation_id, body.text, scope)
    async with lanes.reading:
        prepared = await run_in_threadpool(messages.understand, *args)
    async with lanes.writing:
        posted = await run_in_threadpool(messages.keep, *args, prepared)
    if posted.result is None:
        said: list[dict[str, object]] = []
        waiting: dict[str, object] | None = None
        if posted.status == "waiting_for_human" and room is not None:
            async with lanes.reading:
                said, waiting = await run_in_threadpool(_acknowledge, c, room, conversation_id)
        return JSONResponse(
            {
                "messages": said,
                "state": posted.status,
                "intent": None,
                "actions": [],
                "handoff": None,
                "waiting": waiting,
            },
            status_code=202,
        )
    handoff = posted.result.handoff
    return TurnOut(
        messages=[ReplyOut(text=r.text, language=r.language) for r in posted.replies],
        state=posted.result.state.status,
        intent=posted.result.intent,
        intents=posted.result.intents,
        choices=[
            ChoiceOut(intent=c, label=choice_label(posted.result.state.language, c))
            for c in posted.result.choices
        ],
        expects="yes_no"
        if posted.result.state.status == "assistant" and asks_yes_no(posted.result.state)
        else None,
        actions=posted.result.actions,
        handoff=HandoffOut(
            reason=handoff["reason"], queue=handoff["queue"], summary=handoff["summary"]
        )
        if handoff
        else None,
    )


def _acknowledge(
    c: Container, room: WaitingRoom, conversation_id: str
) -> tuple[list[dict[str, object]], dict[str, object] | None]:
    """Return the waiting room's message for a customer message sent while waiting.

    With it, `waiting` as the API shows it.
    """
    with c.db.reader() as session:
        conv = repository.get(session, conversation_id)
        if conv is None or conv.status != "waiting_for_human":
            return [], None
        ctx = ServiceContext(session, c.clock, Actor("system"))
        text = room.acknowledgement(ctx, conv)
        found = room.of(ctx, conv)
        waiting = WaitingOut.of(found).model_dump(mode="json") if found is not None else None
        return [{"role": "system", "text": text, "language": conv.language}], waiting


@router.get("/{conversation_id}", response_model=ConversationOut)
def get(
    conversation_id: str, session: ReadSession, caller: Caller, c: C, room: Room
) -> ConversationOut:
    """Return the transcript and state of a conversation (and `waiting` while it waits)."""
    conv = _visible(session, conversation_id, _scope(caller))
    return conversation_out(ServiceContext(session, c.clock, Actor("system")), conv, room)


@router.post("/{conversation_id}/callback", response_model=ConversationOut, status_code=201)
def callback(
    conversation_id: str,
    body: CallbackIn,
    session: WriteSession,
    caller: Caller,
    c: C,
    room: Room,
) -> ConversationOut:
    """Ask to be called back or answered by email instead of waiting (a `callback` case).

    Offered while the conversation waits and the desk is closed or nobody is online; once.
    """
    if caller.role != "customer" or room is None:
        raise HTTPException(403, "only the customer can ask to be called back")
    ctx = ServiceContext(session, c.clock, Actor("customer", caller.subject))
    conv = room.request_callback(ctx, conversation_id, body.channel, caller.subject)
    session.refresh(conv)
    return conversation_out(ctx, conv, room)


async def _body(request: Request, limit: int) -> bytes | None:
    """Return the request's body, or None as soon as it is known to pass `limit` bytes."""
    length = request.headers.get("content-length", "")
    if length.strip().isdigit() and int(length) > limit:
        return None
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


@router.post("/{conversation_id}/attachments", response_model=AttachmentOut, status_code=201)
async def attach(
    conversation_id: str,
    request: Request,
    caller: Caller,
    c: C,
    filename: Annotated[str, Query(min_length=1, max_length=255)],
) -> AttachmentOut | JSONResponse:
    """Send a file (an image or a PDF of at most 10 MB) as the body; `filename` names it.

    Its type is read from its first bytes: another type answers 422, a larger file 413, and
    nothing is stored. The file is kept with the conversation (`attachments.py`).
    """
    if caller.role != "customer" or caller.subject is None:
        raise HTTPException(403, "only the customer can send files in their conversation")
    customer_id = caller.subject
    c.limit(caller)
    data = await _body(request, attachments.MAX_BYTES)
    if data is None:
        message = "the file is larger than 10 MB: send a smaller one"
        return JSONResponse(error_body("payload_too_large", message), status_code=413)
    attachments.check(filename, data)  # refuse a wrong file before waiting for the writer

    def write() -> AttachmentOut:
        with c.db.transaction() as session:
            ctx = ServiceContext(session, c.clock, Actor("customer", customer_id))
            found = attachments.attach(ctx, conversation_id, filename, data, customer_id)
            return AttachmentOut.of(found)

    async with c.lanes().writing:
        return await run_in_threadpool(write)


@router.get("/{conversation_id}/attachments", response_model=list[AttachmentOut])
def list_attachments(
    conversation_id: str, session: ReadSession, caller: Caller
) -> list[AttachmentOut]:
    """List the files sent in a conversation (the customer's own, or any for the desk)."""
    conv = _visible(session, conversation_id, _scope(caller))
    return [AttachmentOut.of(a) for a in attachments.listed(session, conv.id)]


@router.get("/{conversation_id}/attachments/{attachment_id}")
def attachment_file(
    conversation_id: str, attachment_id: str, session: ReadSession, caller: Caller
) -> Response:
    """Return a file sent in a conversation, with its checked type (never sniffed again).

    Images are shown inline; a PDF is downloaded. The file may not run anything in the page.
    """
    conv = _visible(session, conversation_id, _scope(caller))
    found = attachments.get(session, conv.id, attachment_id)
    disposition = "inline" if found.content_type.startswith("image/") else "attachment"
    return Response(
        found.data,
        media_type=found.content_type,
        headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=3600",
        },
    )


@router.post("/{conversation_id}/csat", response_model=ConversationOut)
def csat(
    conversation_id: str, body: CsatIn, session: WriteSession, caller: Caller, c: C
) -> ConversationOut:
    """Record the customer's satisfaction (1 to 5)."""
    scope = _scope(caller)
    ctx = ServiceContext(session, c.clock, Actor("customer", scope))
    rated = service.rate(ctx, conversation_id, body.score, body.comment, scope)
    return conversation_out(ctx, rated, None)
