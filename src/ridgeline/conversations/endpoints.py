"""HTTP routes of conversations (the chat API of the contract)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ridgeline.assistant.engine import Engine
from ridgeline.assistant.replies import choice_label
from ridgeline.assistant.views import CustomerProfile
from ridgeline.context import Actor, ServiceContext
from ridgeline.conversations import messages, repository, service
from ridgeline.conversations.schemas import (
    ChoiceOut,
    ConversationOut,
    CsatIn,
    HandoffOut,
    MessageIn,
    ReplyOut,
    StartIn,
    TurnOut,
)
from ridgeline.http.deps import Caller, Container, ReadSession, WriteSession, container
from ridgeline.kit.errors import NotFoundError
from ridgeline.records.views import customer_profile

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])
C = Annotated[Container, Depends(container)]


def _scope(caller: Caller) -> str | None:
    """Return the customer a caller is bound to (None for staff, who see all)."""
    return caller.subject if caller.role == "customer" else None


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
    conversation_id: str, body: MessageIn, caller: Caller, c: C
) -> TurnOut | JSONResponse:
    """Send a customer message; the assistant answers (202 while a person holds the chat).

    The two halves of `messages.handle_message` run in the process's lanes: understanding
    and working out the turn among the readers, storing it among the writers. Either way the
    turn is committed before the answer is sent, and any error rolls it all back.
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
        return JSONResponse(
            {
                "messages": [],
                "state": posted.status,
                "intent": None,
                "actions": [],
                "handoff": None,
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
        actions=posted.result.actions,
        handoff=HandoffOut(
            reason=handoff["reason"], queue=handoff["queue"], summary=handoff["summary"]
        )
        if handoff
        else None,
    )


@router.get("/{conversation_id}", response_model=ConversationOut)
def get(conversation_id: str, session: ReadSession, caller: Caller) -> ConversationOut:
    """Return the transcript and state of a conversation."""
    conv = repository.get(session, conversation_id)
    scope = _scope(caller)
    if conv is None or (scope is not None and conv.customer_id != scope):
        raise NotFoundError("conversation", conversation_id)
    return ConversationOut.of(conv)


@router.post("/{conversation_id}/csat", response_model=ConversationOut)
def csat(
    conversation_id: str, body: CsatIn, session: WriteSession, caller: Caller, c: C
) -> ConversationOut:
    """Record the customer's satisfaction (1 to 5)."""
    scope = _scope(caller)
    ctx = ServiceContext(session, c.clock, Actor("customer", scope))
    return ConversationOut.of(service.rate(ctx, conversation_id, body.score, body.comment, scope))
