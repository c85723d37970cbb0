"""API shapes of orders and plans: the actions' request bodies (strict) and the answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from ridgeline.http.shapes import RequestShape
from ridgeline.lending.models import Order
from ridgeline.policy import DISPUTE_REASONS, MAX_AMOUNT


class RefundIn(RequestShape):
    """A merchant refund of an order as the API accepts it (minor units, at most MAX_AMOUNT)."""

    amount: int = Field(gt=0, le=MAX_AMOUNT)


class DisputeIn(RequestShape):
    """A dispute of an order as the API accepts it: its reason."""

    reason: Literal[DISPUTE_REASONS]  # type: ignore[valid-type]


class PaymentIn(RequestShape):
    """A payment attempt on an instalment as the API accepts it, and whether it succeeded."""

    seq: int = Field(ge=1, le=600)
    succeeded: bool


class AutopayIn(RequestShape):
    """Automatic payments turned on or off, as the API accepts it."""

    enabled: bool


class MerchantOut(BaseModel):
    """The merchant of an order as the API returns it."""

    id: str
    name: str


class InstallmentOut(BaseModel):
    """An instalment of a plan as the API returns it."""

    seq: int
    due_date: date
    amount: int
    original_amount: int
    status: str


class PlanOut(BaseModel):
    """An order's payment plan as the API returns it, with its instalments."""

    product: str
    status: str
    apr_bps: int
    autopay: bool
    installments: list[InstallmentOut]


class ItemOut(BaseModel):
    """An item of an order as the API returns it."""

    name: str
    quantity: int
    unit_amount: int


class FeeOut(BaseModel):
    """A late fee on an instalment as the API returns it."""

    id: str
    installment_seq: int
    amount: int
    status: str


class RefundOut(BaseModel):
    """A refund as the API returns it, with how it was spread over the instalments."""

    id: str
    amount: int
    created_at: datetime
    excess: int
    allocation: dict[str, int]


class OrderOut(BaseModel):
    """An order as the API returns it, with its plan, fees and refunds."""

    id: str
    customer_id: str
    merchant: MerchantOut
    placed_at: datetime
    currency: str
    total: int
    items: list[ItemOut]
    plan: PlanOut
    fees: list[FeeOut]
    refunds: list[RefundOut]

    @classmethod
    def of(cls, order: Order) -> OrderOut:
        """Build the API shape of an order."""
        plan = order.plan
        return cls(
            id=order.id,
            customer_id=order.customer_id,
            merchant=MerchantOut(id=order.merchant.id, name=order.merchant.name),
            placed_at=order.placed_at,
            currency=order.currency,
            total=order.total,
            items=[
                ItemOut(name=i.name, quantity=i.quantity, unit_amount=i.unit_amount)
                for i in order.items
            ],
            plan=PlanOut(
                product=plan.product,
                status=plan.status,
                apr_bps=plan.apr_bps,
                autopay=plan.autopay,
                installments=[
                    InstallmentOut(
                        seq=i.seq,
                        due_date=i.due_date,
                        amount=i.amount,
                        original_amount=i.original_amount,
                        status=i.status,
                    )
                    for i in plan.installments
                ],
            ),
            fees=[
                FeeOut(id=f.id, installment_seq=f.installment_seq, amount=f.amount, status=f.status)
                for f in order.fees
            ],
            refunds=[
                RefundOut(
                    id=r.id,
                    amount=r.amount,
                    created_at=r.created_at,
                    excess=r.excess,
                    allocation={k: int(v) for k, v in r.allocation.items()},
                )
                for r in order.refunds
            ],
        )
