"""Retention: a conversation's words are kept as long as the policy says, then erased.

The policy (`shared/domain/policies.md`, "Records and retention"): complaint records are kept
3 years, other conversations 6 months, counted from the conversation's last activity. What is
erased is what the customer said or was told: the messages, the files they sent, the
assistant's state (which quotes the conversation), the handover summary and the rating's
comment. What stays is what the lender's books and metrics need: the conversation's row with
its times, intent, handover reason and queue, and rating, and the audit log, which never held
the words. An erased conversation is closed (its `closed_at` keeps its meaning: when it ended,
if it ever did).

A conversation is a complaint record when its last intent was a complaint, it was handed over
for one, or a complaint case of its customer was opened while it was going on. Conversations a
person holds or waits for are never erased. Each conversation is erased in its own transaction,
under its row lock, after checking again that it is due; every erasure is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from ridgeline.assistant.state import ConversationState
from ridgeline.audit.service import record
from ridgeline.cases.models import Case
from ridgeline.context import SYSTEM, ServiceContext
from ridgeline.conversations import repository
from ridgeline.conversations.models import Attachment, Conversation, Message
from ridgeline.kit.clock import Clock
from ridgeline.kit.db import Database
from ridgeline.policy import Policy

#: Statuses in which a person holds or waits for the conversation: never erased.
HELD = ("waiting_for_human", "with_human")
COMPLAINT = "complaint"


@dataclass(frozen=True)
class Due:
    """A conversation whose retention period has passed, and which period it was kept for."""

    conversation_id: str
    rule: str  # "conversation" (6 months by default) or "complaint" (3 years)


def due(session: Session, now: datetime, policy: Policy, limit: int) -> list[Due]:
    """Return up to `limit` conversations past their retention period, least recent first.

    The whole decision is one query (complaint records included), so a pass reads `limit` rows
    however many conversations wait.
    """
    cutoff = now - timedelta(days=policy.conversation_retention_days)
    complaint_cutoff = now - timedelta(days=policy.complaint_retention_days)
    complaint = or_(
        func.coalesce(Conversation.last_intent, "") == COMPLAINT,
        func.coalesce(Conversation.handoff["reason"].as_string(), "") == COMPLAINT,
        exists().where(
            Case.customer_id == Conversation.customer_id,
            Case.type == COMPLAINT,
            Case.opened_at >= Conversation.created_at,
            Case.opened_at <= Conversation.updated_at,
        ),
    )
    rows = session.execute(
        select(Conversation.id, complaint.label("complaint"))
        .where(
            Conversation.erased_at.is_(None),
            Conversation.status.not_in(HELD),
            Conversation.updated_at < cutoff,
            or_(not_(complaint), Conversation.updated_at < complaint_cutoff),
        )
        .order_by(Conversation.updated_at, Conversation.id)
        .limit(limit)
    )
    return [Due(row.id, COMPLAINT if row.complaint else "conversation") for row in rows]


def erase(ctx: ServiceContext, item: Due) -> bool:
    """Erase one conversation's words, if it is still due; tell whether it was erased.

    The row is locked and checked again: a conversation that came back to life since it was
    found (a new message, a person took it) keeps its words.
    """
    conv = repository.lock(ctx.session, item.conversation_id)
    kept_days = (
        ctx.policy.complaint_retention_days
        if item.rule == COMPLAINT
        else ctx.policy.conversation_retention_days
    )
    if (
        conv is None
        or conv.erased_at is not None
        or conv.status in HELD
        or conv.updated_at >= ctx.now() - timedelta(days=kept_days)
    ):
        return False
    removed = len(
        ctx.session.execute(
            delete(Message).where(Message.conversation_id == conv.id).returning(Message.id)
        ).all()
    )
    files = len(
        ctx.session.execute(
            delete(Attachment).where(Attachment.conversation_id == conv.id).returning(Attachment.id)
        ).all()
    )
    before = conv.status
    conv.state = ConversationState(language=conv.language).to_json()
    conv.status = "closed"
    if conv.handoff:
        conv.handoff = {**conv.handoff, "summary": ""}
    conv.csat_comment = None
    conv.erased_at = ctx.now()
    ctx.session.flush()
    record(
        ctx,
        "conversation.erased",
        "conversation",
        conv.id,
        customer_id=conv.customer_id,
        before={"status": before},
        after={"status": "closed"},
        details={"rule": item.rule, "kept_days": kept_days, "messages": removed, "files": files},
    )
    return True


@dataclass(frozen=True)
class Report:
    """What one pass found and erased."""

    due: int
    complaints: int  # of those due, complaint records (kept the longer period)
    erased: int


def run(db: Database, clock: Clock, policy: Policy, *, apply: bool, limit: int) -> Report:
    """Find up to `limit` conversations due; with `apply`, erase them, each in its own commit."""
    with db.reader() as session:
        found = due(session, clock.now(), policy, limit)
    erased = 0
    if apply:
        for item in found:
            with db.transaction() as session:
                erased += erase(ServiceContext(session, clock, SYSTEM, policy), item)
    complaints = sum(item.rule == COMPLAINT for item in found)
    return Report(len(found), complaints, erased)
