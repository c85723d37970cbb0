"""The claims about money a reply makes in words, checked against the records before it is sent.

The grounding check of `replies` makes sure every figure comes from the records; a sentence
such as "there's nothing left to pay" holds no figure, and can still be false (a plan paused
for a return still owes what it owes). Each reply that states such a thing names its claims
here, and the engine checks them against the customer's view: the order the conversation is
about when there is one, otherwise every order. A claim that does not hold replaces the reply
with the safe one and is logged (`assistant.guard.claim`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ridgeline.assistant.views import CustomerView, OrderView

#: The claims each reply makes (by template key, with its variant).
CLAIMS: Mapping[str, tuple[str, ...]] = {
    "refused.nothing_due": ("nothing_owed",),
    "amount_owed.nothing": ("nothing_owed",),
    "confirm_close": ("nothing_owed",),
    "amount_owed": ("owed", "not_paused", "not_in_collections"),
    "amount_owed.paused": ("owed", "paused"),
    "amount_owed.in_collections": ("owed", "overdue"),
    "missed_payment.overdue": ("overdue",),
    "refused.installment_overdue": ("overdue",),
    "next_payment": ("owed", "something_due"),
    "next_payment.paused": ("owed", "paused", "nothing_due_now"),
}

DUE_NOW = ("active", "in_collections")


def _owed(orders: tuple[OrderView, ...]) -> bool:
    return any(o.balance > 0 for o in orders)


def _overdue(orders: tuple[OrderView, ...]) -> bool:
    return any(
        o.plan_status == "in_collections" or any(i.status == "overdue" for i in o.unpaid)
        for o in orders
    )


def _due_now(orders: tuple[OrderView, ...]) -> bool:
    return any(o.plan_status in DUE_NOW and o.unpaid for o in orders)


CHECKS: Mapping[str, Callable[[tuple[OrderView, ...]], bool]] = {
    "nothing_owed": lambda orders: not _owed(orders),
    "owed": _owed,
    "paused": lambda orders: any(o.plan_status == "paused" and o.balance > 0 for o in orders),
    "not_paused": lambda orders: not any(o.plan_status == "paused" for o in orders),
    "not_in_collections": lambda orders: not any(o.plan_status == "in_collections" for o in orders),
    "overdue": _overdue,
    "something_due": _due_now,
    "nothing_due_now": lambda orders: not _due_now(orders),
}


def about(customer: CustomerView, facts: Mapping[str, Any]) -> tuple[OrderView, ...]:
    """Return the orders a reply speaks of: the one in its facts, else every order."""
    order_id = facts.get("order_id")
    if order_id:
        order = customer.order(str(order_id))
        if order is not None:
            return (order,)
    merchant = facts.get("merchant") or facts.get("next_merchant")
    if merchant:
        named = tuple(o for o in customer.orders if o.merchant == merchant)
        if named:
            return named
    return customer.orders


def unsupported(key: str, customer: CustomerView, facts: Mapping[str, Any]) -> list[str]:
    """Return the claims of reply `key` that the customer's records do not bear out."""
    claims = CLAIMS.get(key, ())
    if not claims:
        return []
    orders = about(customer, facts)
    return [claim for claim in claims if not CHECKS[claim](orders)]
