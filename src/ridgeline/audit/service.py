"""Write the audit log: who changed which record, when, and why.

Every service calls `record` in the same transaction as its change, so a change without its
audit entry cannot be committed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ridgeline.audit.models import AuditEntry
from ridgeline.context import Actor, ServiceContext


def record(
    ctx: ServiceContext,
    action: str,
    entity_type: str,
    entity_id: str,
    *,
    customer_id: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry for `action` on an entity, by the context's actor, now."""
    entry = AuditEntry(
        **columns(
            ctx.actor,
            ctx.now(),
            action,
            entity_type,
            entity_id,
            customer_id=customer_id,
            before=before,
            after=after,
            details=details,
        )
    )
    ctx.session.add(entry)
    if ctx.journal is not None:
        ctx.journal.append(entry)
    return entry


def columns(
    actor: Actor,
    at: datetime,
    action: str,
    entity_type: str,
    entity_id: str,
    *,
    customer_id: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the columns of one audit entry, for a statement that inserts it with others."""
    return {
        "at": at,
        "actor_type": actor.type,
        "actor_id": actor.id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "customer_id": customer_id,
        "before": before,
        "after": after,
        "details": details or {},
    }
