"""Queries of the audit log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.audit.models import AuditEntry


def for_customer(session: Session, customer_id: str, limit: int = 200) -> Sequence[AuditEntry]:
    """Return the newest audit entries about a customer, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.customer_id == customer_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()
