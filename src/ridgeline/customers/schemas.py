"""API shapes of customers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ridgeline.cases.schemas import CaseOut
from ridgeline.customers.models import Card, CreditDecision
from ridgeline.lending.schemas import OrderOut


class CardOut(BaseModel):
    id: str
    last4: str
    status: str

    @classmethod
    def of(cls, card: Card) -> CardOut:
        """Build the API shape of a card."""
        return cls(id=card.id, last4=card.last4, status=card.status)


class CreditDecisionOut(BaseModel):
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


class CustomerOut(BaseModel):
    id: str
    name: str
    email: str
    phone: str
    address: str | None
    market: str
    language: str
    created_at: datetime
    status: str
    locked: bool
    orders: list[OrderOut]
    cases: list[CaseOut]
    cards: list[CardOut]
    credit_decisions: list[CreditDecisionOut]
    conversations: list[str]
