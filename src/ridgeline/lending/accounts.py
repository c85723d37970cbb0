"""What a customer's plans decide about the account: locking it, and closing it.

Locking the account pauses the plans under dispute; the account closes only when nothing is
owed.

These act on both a customer and their orders, so they live with the orders (lending depends
on customers, never the other way round).
"""

from __future__ import annotations

from ridgeline.audit.service import record
from ridgeline.context import ServiceContext
from ridgeline.customers import service as customers
from ridgeline.customers.models import Customer
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.lending import repository
from ridgeline.lending.service import pause_plan
from ridgeline.policy import UNPAID


def lock_account(
    ctx: ServiceContext, customer_id: str, *, disputed_orders: tuple[str, ...] = ()
) -> Customer:
    """Lock the account: freeze every card and pause the plans of the disputed orders."""
    orders = [repository.get_order(ctx.session, order_id) for order_id in disputed_orders]
    for order_id, order in zip(disputed_orders, orders, strict=True):
        if order is None or order.customer_id != customer_id:
            raise NotFoundError("order", order_id)
    customers.freeze_cards(ctx, customer_id)
    for order in orders:
        if order is not None and order.plan.status == "active":
            pause_plan(ctx, order.id, "fraud")
    return customers.lock_account(ctx, customer_id, disputed_orders=disputed_orders)


def check_close(ctx: ServiceContext, customer_id: str) -> Customer:
    """Return the customer if the account may close now, or raise the rule that refuses it."""
    customer = customers.load_customer(ctx, customer_id)
    if customer.status == "closed":
        raise RuleRefusedError("already_closed", "the account is already closed")
    owed = [
        order.id
        for order in repository.orders_of(ctx.session, customer_id)
        if order.plan.status not in ("cancelled", "paid")
        and any(i.status in UNPAID for i in order.plan.installments)
    ]
    if owed:
        raise RuleRefusedError(
            "outstanding_balance", f"orders {', '.join(owed)} still have payments to make"
        )
    return customer


def close_account(ctx: ServiceContext, customer_id: str) -> Customer:
    """Close the account when nothing is owed; no retention loop."""
    customer = check_close(ctx, customer_id)
    customer.status = "closed"
    for card in customer.cards:
        card.status = "cancelled"
    ctx.session.flush()
    record(
        ctx,
        "account.closed",
        "customer",
        customer_id,
        customer_id=customer_id,
        before={"status": "active"},
        after={"status": "closed"},
    )
    return customer
