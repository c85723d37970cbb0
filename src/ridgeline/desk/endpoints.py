"""HTTP routes of the human desk: sign-in, the queue, and claim, reply, transfer, release, close.

The workspace's routes (record actions, notes, macros, search) are in `workspace.py`, included
here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ridgeline.audit import repository as audit_repo
from ridgeline.auth.service import Principal
from ridgeline.context import ServiceContext
from ridgeline.conversations import messages
from ridgeline.conversations import repository as conversations_repo
from ridgeline.conversations.models import Conversation
from ridgeline.conversations.schemas import ConversationOut
from ridgeline.desk import repository, service, workspace
from ridgeline.desk.routing import Staff, priority_of
from ridgeline.desk.schemas import (
    AgentIn,
    AgentOut,
    AssignIn,
    AuditOut,
    AvailabilityIn,
    ClocksOut,
    DeskConversationOut,
    NoteOut,
    QueueItemOut,
    ReplyIn,
    SignedInOut,
    SignInIn,
    SuggestionOut,
    TimerOut,
    TransferIn,
)
from ridgeline.desk.suggestions import suggest
from ridgeline.http.deps import (
    Container,
    ReadSession,
    WriteSession,
    container,
    require_admin,
    require_staff,
    service_context,
)
from ridgeline.kit.errors import NotFoundError
from ridgeline.records.views import customer_view

router = APIRouter(prefix="/api/v1/desk", tags=["desk"])
C = Annotated[Container, Depends(container)]
StaffCaller = Annotated[Principal, Depends(require_staff)]
Admin = Annotated[Principal, Depends(require_admin)]


def _staff(ctx: ServiceContext, caller: Principal) -> Staff:
    return workspace.staff_or_403(ctx, caller)


@router.post("/sign-in", response_model=SignedInOut)
def sign_in(body: SignInIn, session: WriteSession, c: C) -> SignedInOut:
    """Sign an agent in with email and password; answer a bearer token for the desk."""
    ctx = ServiceContext(session, c.clock)
    try:
        agent, token = service.sign_in(ctx, body.email, body.password)
    except service.SignInError as exc:
        raise HTTPException(401, exc.message) from exc
    return SignedInOut(token=token, agent=AgentOut.of(agent))


@router.get("/me", response_model=AgentOut)
def me(session: ReadSession, caller: StaffCaller) -> AgentOut:
    """Return the signed-in agent's profile and how many chats they hold."""
    agent = repository.get_agent(session, caller.subject or "")
    if agent is None:
        raise NotFoundError("agent", caller.subject or caller.role)
    return AgentOut.of(agent, len(repository.held_by(session, agent.id)))


@router.post("/me/availability", response_model=AgentOut)
def availability(
    body: AvailabilityIn, session: WriteSession, caller: StaffCaller, c: C
) -> AgentOut:
    """Set the signed-in agent online, away or offline."""
    ctx = service_context(session, c, caller)
    agent = service.set_availability(ctx, caller.subject or "", body.availability)
    return AgentOut.of(agent, len(repository.held_by(session, agent.id)))


@router.get("/agents", response_model=list[AgentOut])
def list_agents(session: ReadSession, caller: StaffCaller, c: C) -> list[AgentOut]:
    """List the agents with their load (supervisors and admins)."""
    if not _staff(ServiceContext(session, c.clock), caller).supervises:
        raise HTTPException(403, "only supervisors see the team")
    load = repository.loads(session)
    return [AgentOut.of(a, load.get(a.id, 0)) for a in repository.agents(session)]


@router.post("/agents", response_model=AgentOut, status_code=201)
def create_agent(body: AgentIn, session: WriteSession, caller: Admin, c: C) -> AgentOut:
    """Add a desk agent (admins)."""
    ctx = service_context(session, c, caller)
    agent = service.create_agent(
        ctx,
        email=body.email,
        name=body.name,
        password=body.password,
        role=body.role,
        skills=body.skills,
        capacity=body.capacity,
    )
    return AgentOut.of(agent)


def _items(ctx: ServiceContext, found: list[Conversation]) -> list[QueueItemOut]:
    """Return queue rows with each conversation's latest customer message and running timer."""
    session = ctx.session
    latest = repository.latest_customer_messages(session, [c.id for c in found])
    names = repository.customer_names(session, [c.customer_id for c in found])
    now = ctx.now()
    rows = []
    for conv in found:
        last = latest.get(conv.id)
        timer = service.timer_of(ctx, conv, last)
        rows.append(
            QueueItemOut.of(
                conv,
                now,
                workspace.latest_out(last),
                TimerOut(
                    kind=timer[0],
                    since=timer[1],
                    target_seconds=timer[2],
                    elapsed_seconds=max(0, int((now - timer[1]).total_seconds())),
                )
                if timer
                else None,
                names.get(conv.customer_id),
            )
        )
    return rows


@router.get("/queue", response_model=list[QueueItemOut])
def queue(session: ReadSession, caller: StaffCaller, c: C) -> list[QueueItemOut]:
    """Return the waiting conversations: high priority first, then the oldest."""
    ctx = ServiceContext(session, c.clock)
    return _items(ctx, service.queue(ctx, _staff(ctx, caller)))


@router.get("/mine", response_model=list[QueueItemOut])
def mine(session: ReadSession, caller: StaffCaller, c: C) -> list[QueueItemOut]:
    """Return the conversations the caller holds."""
    ctx = ServiceContext(session, c.clock)
    return _items(ctx, list(repository.held_by(session, _staff(ctx, caller).id)))


def _desk_view(session: Session, conv: Conversation) -> DeskConversationOut:
    entries = audit_repo.for_customer(session, conv.customer_id, limit=50)
    return DeskConversationOut(
        notes=[NoteOut.of(n) for n in repository.notes(session, conv.id)],
        customer_name=repository.customer_names(session, [conv.customer_id]).get(conv.customer_id),
        conversation=ConversationOut.of(conv),
        priority=priority_of(conv.handoff),
        agent_id=conv.agent_id,
        clocks=ClocksOut(
            handed_over_at=conv.handed_over_at,
            claimed_at=conv.claimed_at,
            first_agent_reply_at=conv.first_agent_reply_at,
            released_at=conv.released_at,
            closed_at=conv.closed_at,
            wait_seconds=conv.wait_seconds,
            handle_seconds=conv.handle_seconds,
        ),
        audit=[
            AuditOut(
                at=e.at,
                actor_type=e.actor_type,
                actor_id=e.actor_id,
                action=e.action,
                entity_type=e.entity_type,
                entity_id=e.entity_id,
            )
            for e in entries
        ],
    )


@router.post("/next", response_model=DeskConversationOut | None)
def take_next(session: WriteSession, caller: StaffCaller, c: C) -> DeskConversationOut | Response:
    """Claim the first conversation of the caller's queues (204 when none waits)."""
    ctx = service_context(session, c, caller)
    conv = service.take_next(ctx, _staff(ctx, caller))
    if conv is None:
        return Response(status_code=204)
    return _desk_view(session, conv)


@router.get("/conversations/{conversation_id}", response_model=DeskConversationOut)
def conversation(
    conversation_id: str, session: ReadSession, caller: StaffCaller
) -> DeskConversationOut:
    """Return a conversation with its summary, transcript, clocks and the customer's audit."""
    conv = conversations_repo.get(session, conversation_id)
    if conv is None:
        raise NotFoundError("conversation", conversation_id)
    return _desk_view(session, conv)


@router.get("/conversations/{conversation_id}/suggestions", response_model=list[SuggestionOut])
def suggestions(
    conversation_id: str, session: ReadSession, caller: StaffCaller, c: C
) -> list[SuggestionOut]:
    """Return draft replies grounded in the customer's records."""
    conv = conversations_repo.get(session, conversation_id)
    if conv is None:
        raise NotFoundError("conversation", conversation_id)
    ctx = ServiceContext(session, c.clock)
    view = customer_view(session, conv.customer_id, ctx.policy)
    return [SuggestionOut(text=s.text, source=s.source) for s in suggest(view, conv.language)]


@router.post("/conversations/{conversation_id}/claim", response_model=DeskConversationOut)
def claim(
    conversation_id: str, session: WriteSession, caller: StaffCaller, c: C
) -> DeskConversationOut:
    """Take a waiting conversation; the customer sees that a person joined."""
    ctx = service_context(session, c, caller)
    return _desk_view(session, service.claim(ctx, _staff(ctx, caller), conversation_id))


@router.post("/conversations/{conversation_id}/messages", response_model=DeskConversationOut)
def reply(
    conversation_id: str, body: ReplyIn, session: WriteSession, caller: StaffCaller, c: C
) -> DeskConversationOut:
    """Send the agent's reply to the customer (only in a conversation the agent holds)."""
    ctx = service_context(session, c, caller)
    return _desk_view(session, service.reply(ctx, _staff(ctx, caller), conversation_id, body.text))


@router.post("/conversations/{conversation_id}/release", response_model=DeskConversationOut)
async def release(conversation_id: str, caller: StaffCaller, c: C) -> DeskConversationOut:
    """Give the conversation back to the assistant, which answers the customer's pending message.

    When the customer's last message came after the assistant's last reply (they wrote while
    a person held the chat), the assistant runs its turn for that message once the release is
    committed (`messages.answer_stored`: the message is not stored twice).
    """
    lanes = c.lanes()

    def give_back() -> int | None:
        with c.db.transaction() as session:
            ctx = service_context(session, c, caller)
            service.release(ctx, _staff(ctx, caller), conversation_id)
            return repository.pending_question(session, conversation_id)

    def view() -> DeskConversationOut:
        with c.db.reader() as session:
            conv = conversations_repo.get(session, conversation_id)
            if conv is None:
                raise NotFoundError("conversation", conversation_id)
            return _desk_view(session, conv)

    async with lanes.writing:
        pending = await run_in_threadpool(give_back)
        if pending is not None:
            await run_in_threadpool(
                messages.answer_stored, c.db, c.clock, c.engine, conversation_id, pending
            )
    async with lanes.reading:
        return await run_in_threadpool(view)


@router.post("/conversations/{conversation_id}/transfer", response_model=DeskConversationOut)
def transfer(
    conversation_id: str, body: TransferIn, session: WriteSession, caller: StaffCaller, c: C
) -> DeskConversationOut:
    """Send the conversation to another queue with a note for the next person."""
    ctx = service_context(session, c, caller)
    staff = _staff(ctx, caller)
    conv = service.transfer(ctx, staff, conversation_id, body.queue, body.note)
    return _desk_view(session, conv)


@router.post("/conversations/{conversation_id}/close", response_model=DeskConversationOut)
def close(
    conversation_id: str, session: WriteSession, caller: StaffCaller, c: C
) -> DeskConversationOut:
    """Close the conversation; the customer is asked for their satisfaction."""
    ctx = service_context(session, c, caller)
    return _desk_view(session, service.close(ctx, _staff(ctx, caller), conversation_id))


@router.post("/conversations/{conversation_id}/assign", response_model=DeskConversationOut)
def assign(
    conversation_id: str, body: AssignIn, session: WriteSession, caller: StaffCaller, c: C
) -> DeskConversationOut:
    """Give a conversation to an agent, or to the one routing picks (supervisors)."""
    ctx = service_context(session, c, caller)
    staff = _staff(ctx, caller)
    return _desk_view(session, service.assign(ctx, staff, conversation_id, body.agent_id))


router.include_router(workspace.router)
