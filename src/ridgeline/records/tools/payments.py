"""Tools on paying: payment and card links, failed and missed payments, late fees.

The links are secure links (card numbers are never taken in chat); a late fee may be waived
within the assistant's allowance.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ridgeline.assistant.ports import ToolResult
from ridgeline.assistant.views import CustomerView
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import NotFoundError
from ridgeline.kit.money import Money
from ridgeline.lending import collections, service
from ridgeline.records.tools.common import check, money, owned_order
from ridgeline.records.tools.registry import tool


@tool("check_waiver", needs=("fee_id",))
def check_waiver(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the assistant may waive the fee."""
    fee_id = str(args.get("fee_id", ""))
    if not any(f.id == fee_id for o in c.orders for f in o.fees):
        raise NotFoundError("fee", fee_id)
    return ToolResult(refusal=check(lambda: collections.check_waiver(ctx, fee_id)))


@tool("waive_fee", needs=("fee_id",), writes=True)
def waive_fee(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Waive the fee within the assistant's allowance."""
    fee_id = str(args.get("fee_id", ""))
    if not any(f.id == fee_id for o in c.orders for f in o.fees):
        raise NotFoundError("fee", fee_id)
    collections.waive_fee(ctx, fee_id)
    return ToolResult()


@tool("send_payment_link", needs=("order_id",), writes=True)
def send_payment_link(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Send a secure payment link (never take card numbers in chat)."""
    order = owned_order(c, args)
    amount = args.get("link_amount")
    minor = (
        amount.amount
        if isinstance(amount, Money)
        else (order.unpaid[0].amount if order.unpaid else 0)
    )
    service.send_payment_link(ctx, order.id, "payment", minor)
    return ToolResult(facts={"link_amount": money(minor, order), "email": c.email})


@tool("send_card_link", needs=("order_id",), writes=True)
def send_card_link(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Send a secure link where the customer adds the new card for an order (no amount)."""
    order = owned_order(c, args)
    service.send_payment_link(ctx, order.id, "change_card", 0)
    return ToolResult(facts={"email": c.email})


@tool("failed_payments")
def failed_payments(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The failed instalments and when they will be retried."""
    for order in c.orders:
        for inst in order.installments:
            if inst.status == "failed":
                retry = max(inst.due_date, ctx.today()) + timedelta(
                    days=ctx.policy.retry_after_days
                )
                return ToolResult(
                    facts={
                        "failed_amount": money(inst.amount, order),
                        "retry_date": retry,
                        "merchant": order.merchant,
                        "order_id": order.id,
                    }
                )
    return ToolResult(facts={"variant": "none"})


@tool("missed_payment_facts")
def missed_payment_facts(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The real consequences of a missed payment, with the overdue one if any."""
    for order in c.orders:
        for inst in order.installments:
            if inst.status == "overdue":
                return ToolResult(
                    facts={
                        "variant": "overdue",
                        "overdue_amount": money(inst.amount, order),
                        "overdue_date": inst.due_date,
                        "merchant": order.merchant,
                    }
                )
    return ToolResult()
