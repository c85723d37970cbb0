"""API shapes of cases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from ridgeline.cases.models import Case


class CaseOut(BaseModel):
    """A case as the API returns it, with its clocks and outcome."""

    id: str
    customer_id: str
    type: str
    status: str
    order_id: str | None
    reason: str | None
    opened_at: datetime
    due_at: datetime | None
    follow_up_at: datetime | None
    summary_due_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    details: dict[str, Any]

    @classmethod
    def of(cls, case: Case) -> CaseOut:
        """Build the API shape of a case."""
        return cls(
            id=case.id,
            customer_id=case.customer_id,
            type=case.type,
            status=case.status,
            order_id=case.order_id,
            reason=case.reason,
            opened_at=case.opened_at,
            due_at=case.due_at,
            follow_up_at=case.follow_up_at,
            summary_due_at=case.summary_due_at,
            closed_at=case.closed_at,
            outcome=case.outcome,
            details=dict(case.details),
        )
