"""The fixture document of the public contract: every list optional, unknown fields refused.

Types are strict (`http/shapes.py`): a string is not a number, a number is not a time or a
boolean. Amounts are at most `policy.MAX_AMOUNT`, other numbers within their rule and what the
database holds, times and dates between 1900 and 2100, and the document's `now` (the sandbox
clock) between 2000 and 2100.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ridgeline.http.shapes import ClockTime, Day, RequestShape, Time
from ridgeline.knowledge.schemas import ArticleIn
from ridgeline.policy import CASE_TYPES, MAX_AMOUNT

Market = Literal["SE", "DE", "FR", "ES", "IT", "GB", "US"]
Language = Literal["sv", "de", "fr", "es", "it", "en"]
CurrencyCode = Literal["SEK", "EUR", "GBP", "USD"]
Id = Field(min_length=1, max_length=64)
Amount = Field(ge=0, le=MAX_AMOUNT)
MAX_COUNT = 100_000  # items of one kind, instalments of a plan
MAX_INSTALLMENTS = 600  # 50 years of monthly instalments


class Strict(RequestShape):
    """Refuse unknown fields (a typo in a migration must not pass silently) and coercion."""


class MerchantIn(Strict):
    """A merchant as a fixture document gives it."""

    id: str = Id
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2)


class CustomerIn(Strict):
    """A customer as a fixture document gives it."""

    id: str = Id
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320)
    phone: str = Field(min_length=3, max_length=32)
    market: Market
    language: Language
    created_at: Time
    address: str | None = Field(default=None, max_length=500)
    status: Literal["active", "closed"] = "active"
    locked: bool = False
    spending_limit: int | None = Field(default=None, ge=0, le=MAX_AMOUNT)


class ItemIn(Strict):
    """An item of an order as a fixture document gives it."""

    name: str = Field(min_length=1, max_length=300)
    quantity: int = Field(ge=1, le=MAX_COUNT)
    unit_amount: int = Amount


class InstallmentIn(Strict):
    """An instalment of a plan as a fixture document gives it."""

    seq: int = Field(ge=1, le=MAX_INSTALLMENTS)
    due_date: Day
    amount: int = Amount
    status: Literal["scheduled", "paid", "failed", "overdue", "waived", "refunded"]


class PlanIn(Strict):
    """An order's payment plan as a fixture document gives it, with its instalments."""

    product: Literal["pay_in_4", "pay_in_30", "financing"]
    status: Literal["active", "paused", "paid", "in_collections", "cancelled"]
    apr_bps: int = Field(default=0, ge=0, le=10_000)
    autopay: bool = True
    installments: list[InstallmentIn] = Field(min_length=1, max_length=MAX_INSTALLMENTS)


class OrderIn(Strict):
    """An order as a fixture document gives it, with its items and plan."""

    id: str = Id
    customer_id: str = Id
    merchant_id: str = Id
    placed_at: Time
    currency: CurrencyCode
    total: int = Amount
    items: list[ItemIn] = Field(default_factory=list, max_length=1000)
    plan: PlanIn


class CardIn(Strict):
    """A payment card as a fixture document gives it."""

    id: str = Id
    customer_id: str = Id
    last4: str = Field(pattern=r"^\d{4}$")
    status: Literal["active", "frozen", "cancelled"]
    decline_reason: str | None = None


class FeeIn(Strict):
    """A late fee on an instalment as a fixture document gives it."""

    id: str = Id
    order_id: str = Id
    installment_seq: int = Field(ge=1, le=MAX_INSTALLMENTS)
    amount: int = Amount
    status: Literal["charged", "paid", "waived"]
    charged_at: Time | None = None
    waived_at: Time | None = None


class RefundIn(Strict):
    """A refund as a fixture document gives it (applied by the refund rule on loading)."""

    id: str = Id
    order_id: str = Id
    amount: int = Field(gt=0, le=MAX_AMOUNT)
    created_at: Time


class CreditDecisionIn(Strict):
    """A credit decision as a fixture document gives it."""

    id: str = Id
    customer_id: str = Id
    decided_at: Time
    outcome: Literal["approved", "declined"]
    merchant_id: str | None = None
    amount: int = Amount
    reasons: list[str] = Field(default_factory=list)


CaseType = Literal[CASE_TYPES]  # type: ignore[valid-type]


class CaseIn(Strict):
    """A case as a fixture document gives it."""

    id: str = Id
    customer_id: str = Id
    type: CaseType
    status: Literal["open", "closed"]
    opened_at: Time
    order_id: str | None = None
    due_at: Time | None = None
    reason: str | None = None


class FixtureDocument(Strict):
    """A set of records to load or replace by id, in one transaction."""

    now: ClockTime | None = None
    merchants: list[MerchantIn] = Field(default_factory=list)
    customers: list[CustomerIn] = Field(default_factory=list)
    orders: list[OrderIn] = Field(default_factory=list)
    cards: list[CardIn] = Field(default_factory=list)
    fees: list[FeeIn] = Field(default_factory=list)
    refunds: list[RefundIn] = Field(default_factory=list)
    credit_decisions: list[CreditDecisionIn] = Field(default_factory=list)
    cases: list[CaseIn] = Field(default_factory=list)
    articles: list[ArticleIn] = Field(default_factory=list)


class Loaded(BaseModel):
    """How many records of each kind a fixture loaded."""

    loaded: dict[str, int]


class ClockIn(Strict):
    """The sandbox clock's new time as the API accepts it (2000-01-01 to 2099-12-31)."""

    now: ClockTime


class ClockOut(BaseModel):
    """The sandbox clock's time as the API returns it."""

    now: datetime
