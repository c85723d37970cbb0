"""API shapes of customers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ridgeline.customers.models import Card, CreditDecision


class CardOut(BaseModel):
    """A payment card as the API returns it (its last four digits only)."""

    id: str
    last4: str
    status: str

    @classmethod
    def of(cls, card: Card) -> CardOut:
        """Build the API shape of a card."""
        return cls(id=card.id, last4=card.last4, status=card.status)


class CreditDecisionOut(BaseModel):
    """A credit decision as the API returns it, with its reasons."""

    id: str
    decided_at: datetime
    outcome: str
    merchant_id: str | None
    amount: int
    reasons: list[str]

    @classmethod
    def of(cls, d: CreditDecision) -> CreditDecisionOut:
        """Build the API shape of a credit decision."""
        return cls(
            id=d.id,
            decided_at=d.decided_at,
            outcome=d.outcome,
            merchant_id=d.merchant_id,
            amount=d.amount,
            reasons=list(d.reasons),
        )
