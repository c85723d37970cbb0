"""What the tools of every subject share.

Every subject finds the customer's own order here, turns an order's amounts into money, and
keeps a rule's refusal as a fact for the reply instead of raising it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ridgeline.assistant.ports import Refusal
from ridgeline.assistant.views import CustomerView, OrderView
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import NotFoundError, RuleRefusedError
from ridgeline.kit.money import Currency, Money
from ridgeline.lending import service
from ridgeline.lending.models import Plan


def money(amount: int, order: OrderView) -> Money:
    """Return an amount of an order as Money."""
    return Money(amount, Currency(order.currency))


def plan_of(ctx: ServiceContext, order_id: str) -> Plan:
    """Return the plan row of an order (the caller already checked the order is the customer's)."""
    return service.load_order(ctx, order_id).plan


def owned_order(customer: CustomerView, args: dict[str, Any]) -> OrderView:
    """Return the order named in the slots, if it is this customer's."""
    order = customer.order(str(args.get("order_id", "")))
    if order is None:
        raise NotFoundError("order", str(args.get("order_id")))
    return order


def next_unpaid_facts(order: OrderView) -> dict[str, Any]:
    """Return the next instalment to pay of an order."""
    nxt = order.unpaid[0] if order.unpaid else None
    if nxt is None:
        return {}
    return {"next_amount": money(nxt.amount, order), "next_date": nxt.due_date}


def check(fn: Callable[[], Any]) -> Refusal | None:
    """Run a service's rule check; return its refusal instead of raising, to keep the facts."""
    try:
        fn()
    except RuleRefusedError as exc:
        return Refusal(exc.rule, exc.message)
    return None
