"""Read-only views of the records the assistant works with, as the records port returns them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class InstallmentView:
    """One instalment as the customer sees it."""

    seq: int
    due_date: date
    amount: int
    status: str


@dataclass(frozen=True)
class FeeView:
    """A late fee."""

    id: str
    order_id: str
    installment_seq: int
    amount: int
    status: str


@dataclass(frozen=True)
class RefundView:
    """A refund and how it landed."""

    id: str
    amount: int
    created_at: datetime
    excess: int
    # What the refund took off each instalment it touched: (instalment number, amount).
    allocation: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class OrderView:
    """An order of the customer with its plan."""

    id: str
    merchant: str
    items: tuple[str, ...]
    placed_at: datetime
    currency: str
    total: int
    product: str
    plan_status: str
    apr_bps: int
    autopay: bool
    installments: tuple[InstallmentView, ...]
    fees: tuple[FeeView, ...] = ()
    refunds: tuple[RefundView, ...] = ()
    extended: bool = False

    @property
    def unpaid(self) -> tuple[InstallmentView, ...]:
        """Return the instalments still to pay."""
        return tuple(i for i in self.installments if i.status in ("scheduled", "failed", "overdue"))

    @property
    def balance(self) -> int:
        """Return what is still owed on the plan."""
        return sum(i.amount for i in self.unpaid)


@dataclass(frozen=True)
class CaseView:
    """A case of the customer."""

    id: str
    type: str
    status: str
    order_id: str | None
    reason: str | None
    opened_at: datetime
    due_at: datetime | None


@dataclass(frozen=True)
class CardView:
    """A card."""

    id: str
    last4: str
    status: str
    decline_reason: str | None = None


@dataclass(frozen=True)
class DecisionView:
    """A recorded credit decision."""

    id: str
    decided_at: datetime
    outcome: str
    merchant: str | None
    amount: int
    currency: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CustomerProfile:
    """Who the customer is: what opening a conversation needs (one row, no records)."""

    id: str
    name: str
    market: str
    language: str


@dataclass(frozen=True)
class CustomerView:
    """The customer and everything the assistant may read of theirs."""

    id: str
    name: str
    market: str
    language: str
    currency: str
    email: str
    phone: str
    locked: bool
    status: str
    spending_limit: int | None
    orders: tuple[OrderView, ...] = ()
    cases: tuple[CaseView, ...] = ()
    cards: tuple[CardView, ...] = ()
    decisions: tuple[DecisionView, ...] = ()
    market_facts: dict[str, str] = field(default_factory=dict)

    def order(self, order_id: str) -> OrderView | None:
        """Return one of the customer's orders by id."""
        return next((o for o in self.orders if o.id == order_id), None)
