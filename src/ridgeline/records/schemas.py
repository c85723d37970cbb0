"""API shapes of a customer's whole record."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from ridgeline.cases.schemas import CaseOut
from ridgeline.customers.schemas import CardOut, CreditDecisionOut
from ridgeline.lending.schemas import OrderOut


class CustomerOut(BaseModel):
    """A customer's whole record as the API returns it: orders, cases, cards and decisions."""

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
