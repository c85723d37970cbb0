"""HTTP routes of the agent's workspace: record actions, notes, transfers, macros and search.

Included in the desk's router (`endpoints.py`), under `/api/v1/desk`. Every route is for the
lender's staff with a desk profile (supervisors and the admin token see everything).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from ridgeline.assistant.replies import LANGUAGES
from ridgeline.auth.service import Principal
from ridgeline.cases.service import outcomes_of
from ridgeline.context import ServiceContext
from ridgeline.conversations import repository as conversations_repo
from ridgeline.conversations.models import Conversation
from ridgeline.desk import actions, macros, repository, service
from ridgeline.desk.models import DeskAction
from ridgeline.desk.repository import Latest
from ridgeline.desk.routing import Staff
from ridgeline.desk.schemas import (
    ActionIn,
    ActionOut,
    ConversationHitOut,
    CustomerHitOut,
    DeskSettingsOut,
    LatestOut,
    MacroFilledOut,
    MacroFillIn,
    MacroIn,
    MacroOut,
    NoteIn,
    NoteOut,
    PreviewOut,
    SearchOut,
)
from ridgeline.http.deps import (
    Container,
    ReadSession,
    WriteSession,
    container,
    require_staff,
    service_context,
)
from ridgeline.kit.errors import NotFoundError
from ridgeline.lending.hardship import KINDS as HARDSHIP_KINDS
from ridgeline.policy import CASE_TYPES, DISPUTE_REASONS, QUEUES
from ridgeline.records.views import customer_view

router = APIRouter()
C = Annotated[Container, Depends(container)]
StaffCaller = Annotated[Principal, Depends(require_staff)]


def staff_or_403(ctx: ServiceContext, caller: Principal) -> Staff:
    """Return the desk worker behind the caller's token, or answer 403."""
    found = service.staff_of(ctx, caller.role, caller.subject)
    if found is None:
        raise HTTPException(403, "this token has no desk profile; sign in as a desk agent")
    return found


def latest_out(found: Latest | None) -> LatestOut | None:
    """Return the API shape of a conversation's latest customer message."""
    if found is None:
        return None
    return LatestOut(seq=found.seq, text=found.text, at=found.at, answered=found.answered)


@router.get("/settings", response_model=DeskSettingsOut)
def settings(session: ReadSession, caller: StaffCaller, c: C) -> DeskSettingsOut:
    """Return the lists and policy numbers the desk page works with."""
    policy = ServiceContext(session, c.clock).policy
    return DeskSettingsOut(
        queues=list(QUEUES),
        dispute_reasons=list(DISPUTE_REASONS),
        case_outcomes={t: list(outcomes_of(t)) for t in CASE_TYPES},
        hardship_kinds=list(HARDSHIP_KINDS),
        hardship_pause_max_days=policy.hardship_pause_max_days,
        hardship_max_installments=policy.hardship_max_installments,
        wait_target_seconds=policy.desk_wait_target_seconds,
        wait_target_high_seconds=policy.desk_wait_target_high_seconds,
        reply_target_seconds=policy.desk_reply_target_seconds,
        undo_minutes=policy.desk_undo_minutes,
        placeholders=dict(macros.PLACEHOLDERS),
        languages=list(LANGUAGES),
    )


@router.post("/conversations/{conversation_id}/notes", response_model=NoteOut, status_code=201)
def add_note(
    conversation_id: str, body: NoteIn, session: WriteSession, caller: StaffCaller, c: C
) -> NoteOut:
    """Add an internal note to a conversation (the customer never sees it)."""
    ctx = service_context(session, c, caller)
    return NoteOut.of(service.add_note(ctx, staff_or_403(ctx, caller), conversation_id, body.text))


def _params(body: ActionIn) -> actions.Params:
    return actions.Params(
        kind=body.kind,
        order_id=body.order_id,
        fee_id=body.fee_id,
        enabled=body.enabled,
        reason=body.reason,
        arrangement=body.arrangement,
        days=body.days,
        count=body.count,
        arrangement_id=body.arrangement_id,
        case_id=body.case_id,
        outcome=body.outcome,
    )


def _action_out(ctx: ServiceContext, action: DeskAction, changes: list[str]) -> ActionOut:
    return ActionOut(
        id=action.id,
        kind=action.kind,
        summary=action.summary,
        agent_id=action.agent_id,
        created_at=action.created_at,
        undone_at=action.undone_at,
        undo_until=actions.undo_until(ctx, action),
        changes=changes,
    )


@router.post("/actions/preview", response_model=PreviewOut)
def preview_action(body: ActionIn, session: WriteSession, caller: StaffCaller, c: C) -> PreviewOut:
    """Return what a record action would change, or the rule that refuses it; change nothing."""
    ctx = service_context(session, c, caller)
    shown = actions.preview(ctx, staff_or_403(ctx, caller), _params(body))
    return PreviewOut(
        kind=shown.kind,
        allowed=shown.allowed,
        summary=shown.summary,
        rule=shown.rule,
        message=shown.message,
        changes=shown.changes,
        before=shown.before,
        after=shown.after,
        undo=shown.undo,
    )


@router.post("/actions", response_model=ActionOut, status_code=201)
def run_action(body: ActionIn, session: WriteSession, caller: StaffCaller, c: C) -> ActionOut:
    """Do a confirmed record action (409 naming the rule when the policy refuses it)."""
    ctx = service_context(session, c, caller)
    staff = staff_or_403(ctx, caller)
    action, changes = actions.run(ctx, staff, _params(body), body.conversation_id)
    return _action_out(ctx, action, changes)


@router.post("/actions/{action_id}/undo", response_model=ActionOut)
def undo_action(action_id: str, session: WriteSession, caller: StaffCaller, c: C) -> ActionOut:
    """Undo a record action by its reverse, where the rules allow it."""
    ctx = service_context(session, c, caller)
    action, changes = actions.undo(ctx, staff_or_403(ctx, caller), action_id)
    return _action_out(ctx, action, changes)


@router.get("/actions", response_model=list[ActionOut])
def list_actions(
    session: ReadSession,
    caller: StaffCaller,
    c: C,
    customer_id: str = Query(min_length=1, max_length=64),
) -> list[ActionOut]:
    """Return the record actions agents took for a customer, newest first."""
    ctx = ServiceContext(session, c.clock)
    return [_action_out(ctx, a, []) for a in repository.actions_of(session, customer_id)]


def _macro_out(macro: macros.MacroText) -> MacroOut:
    return MacroOut(
        id=macro.id,
        title=macro.title,
        texts=dict(macro.texts),
        builtin=macro.builtin,
        created_by=macro.created_by,
    )


@router.get("/macros", response_model=list[MacroOut])
def list_macros(session: ReadSession, caller: StaffCaller, c: C) -> list[MacroOut]:
    """Return the desk's macros and the staff's own."""
    return [_macro_out(m) for m in macros.all_macros(ServiceContext(session, c.clock))]


@router.post("/macros", response_model=MacroOut, status_code=201)
def create_macro(body: MacroIn, session: WriteSession, caller: StaffCaller, c: C) -> MacroOut:
    """Save a macro (422 naming an unknown placeholder)."""
    ctx = service_context(session, c, caller)
    made = macros.create(ctx, staff_or_403(ctx, caller), body.title, body.texts)
    return _macro_out(macros.MacroText(made.id, made.title, made.texts, False, made.created_by))


@router.delete("/macros/{macro_id}", status_code=204)
def delete_macro(macro_id: str, session: WriteSession, caller: StaffCaller, c: C) -> Response:
    """Delete a macro of the staff (its author or a supervisor)."""
    ctx = service_context(session, c, caller)
    macros.delete(ctx, staff_or_403(ctx, caller), macro_id)
    return Response(status_code=204)


@router.post("/conversations/{conversation_id}/macro", response_model=MacroFilledOut)
def fill_macro(
    conversation_id: str, body: MacroFillIn, session: ReadSession, caller: StaffCaller, c: C
) -> MacroFilledOut:
    """Return a macro filled from the customer's records in the conversation's language."""
    ctx = ServiceContext(session, c.clock)
    staff = staff_or_403(ctx, caller)
    conv = conversations_repo.get(session, conversation_id)
    if conv is None:
        raise NotFoundError("conversation", conversation_id)
    macro = macros.get(ctx, body.macro_id)
    view = customer_view(session, conv.customer_id, ctx.policy)
    order = macros.pick_order(view, body.order_id)
    values = macros.facts(view, conv.language, staff.name, order)
    text = macros.fill(macro, conv.language, values)
    return MacroFilledOut(macro_id=macro.id, language=conv.language, text=text)


def _hits(session: ReadSession, found: list[Conversation]) -> list[ConversationHitOut]:
    latest = repository.latest_customer_messages(session, [c.id for c in found])
    names = repository.customer_names(session, [c.customer_id for c in found])
    return [
        ConversationHitOut(
            id=conv.id,
            customer_id=conv.customer_id,
            customer_name=names.get(conv.customer_id),
            state=conv.status,
            created_at=conv.created_at,
            updated_at=conv.updated_at,
            last_intent=conv.last_intent,
            reason=(conv.handoff or {}).get("reason"),
            queue=(conv.handoff or {}).get("queue"),
            latest=latest_out(latest.get(conv.id)),
        )
        for conv in found
    ]


@router.get("/search", response_model=SearchOut)
def search(
    session: ReadSession,
    caller: StaffCaller,
    q: str = Query(min_length=2, max_length=100),
) -> SearchOut:
    """Find customers (id, name, email, phone) and conversations (id, customer, words)."""
    words = q.strip()
    customers = repository.search_customers(session, words)
    found = repository.search_conversations(session, words, [c.id for c in customers])
    return SearchOut(
        customers=[
            CustomerHitOut(id=c.id, name=c.name, email=c.email, market=c.market) for c in customers
        ],
        conversations=_hits(session, list(found)),
    )


@router.get("/customers/{customer_id}/conversations", response_model=list[ConversationHitOut])
def past_conversations(
    customer_id: str, session: ReadSession, caller: StaffCaller
) -> list[ConversationHitOut]:
    """Return a customer's conversations, newest first."""
    return _hits(session, list(repository.conversations_of(session, customer_id)))
