"""Tools on a plan and its schedule.

They tell the next payment and an order's plan, check and grant due-date extensions, quote the
payoff, turn autopay on or off, and explain a charge the customer does not recognise.
"""

from __future__ import annotations

from typing import Any

from ridgeline.assistant.ports import Refusal, ToolResult
from ridgeline.assistant.views import CustomerView, OrderView
from ridgeline.context import ServiceContext
from ridgeline.kit.money import Currency, Money
from ridgeline.lending import service
from ridgeline.records.tools.common import check, money, next_unpaid_facts, owned_order, plan_of
from ridgeline.records.tools.registry import tool


@tool("next_payment")
def next_payment(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The earliest unpaid instalment across the customer's open plans."""
    candidates = [
        (i.due_date, o, i)
        for o in c.orders
        if o.plan_status in ("active", "in_collections")
        for i in o.unpaid
    ]
    if not candidates:
        paused = [o for o in c.orders if o.plan_status == "paused" and o.balance > 0]
        if paused:
            # Nothing falls due while a return or dispute is checked, but it is still owed.
            held = paused[0]
            return ToolResult(
                facts={
                    "next_merchant": held.merchant,
                    "balance": money(held.balance, held),
                    "variant": "paused",
                }
            )
        return ToolResult(refusal=Refusal("nothing_due", "nothing left to pay"))
    _, order, inst = min(candidates, key=lambda t: (t[0], t[1].id))
    return ToolResult(
        facts={
            "next_amount": money(inst.amount, order),
            "next_date": inst.due_date,
            "next_merchant": order.merchant,
        }
    )


@tool("order_summary", needs=("order_id",))
def order_summary(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The schedule of an order and what is left to pay."""
    order = owned_order(c, args)
    schedule = [(i.due_date, money(i.amount, order), i.status) for i in order.installments]
    facts: dict[str, Any] = {
        "schedule": schedule,
        "balance": money(order.balance, order),
        "email": c.email,
        **next_unpaid_facts(order),
    }
    if order.unpaid:
        facts["link_amount"] = money(order.unpaid[0].amount, order)
    return ToolResult(facts=facts)


def refusal_facts(ctx: ServiceContext, c: CustomerView, order: OrderView) -> dict[str, Any]:
    """Return the facts a refusal is told with: the plan's status and first unpaid instalment."""
    first = order.unpaid[0] if order.unpaid else None
    facts: dict[str, Any] = {"plan_status": order.plan_status}
    if first is not None:
        facts.update(overdue_date=first.due_date, overdue_amount=money(first.amount, order))
    return facts


@tool("check_extension", needs=("order_id",))
def check_extension(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Whether the next unpaid instalment may be extended, and to when."""
    order = owned_order(c, args)
    result = ToolResult(facts=refusal_facts(ctx, c, order))
    offer: list[service.ExtensionOffer] = []
    result.refusal = check(lambda: offer.append(service.check_extension(ctx, order.id)))
    if offer:
        o = offer[0]
        result.facts.update(
            ext_amount=money(o.amount, order), from_date=o.from_date, to_date=o.to_date
        )
    return result


@tool("extend_due_date", needs=("order_id",), writes=True)
def extend_due_date(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Extend the next unpaid instalment."""
    order = owned_order(c, args)
    offer = service.extend_due_date(ctx, order.id)
    return ToolResult(facts={"to_date": offer.to_date, "ext_amount": money(offer.amount, order)})


@tool("payoff_quote", needs=("order_id",))
def payoff_quote(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The exact amount to pay an order off today."""
    order = owned_order(c, args)
    quote = service.payoff_quote(ctx, order.id)
    return ToolResult(
        facts={
            "payoff_total": money(quote.total, order),
            "payoff_principal": money(quote.principal, order),
            "payoff_interest": money(quote.interest, order),
            "as_of": quote.as_of,
            "link_amount": money(quote.total, order),
            "email": c.email,
            "apr": order.apr_bps,
        }
    )


@tool("check_autopay", needs=("order_id",))
def check_autopay(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Which way autopay would change, and whether the cut-off allows it now."""
    order = owned_order(c, args)
    wish = args.get("autopay_enabled")
    enabled = (not order.autopay) if wish is None else bool(wish)
    facts: dict[str, Any] = {"autopay_enabled": enabled, "variant": "on" if enabled else "off"}
    plan = plan_of(ctx, order.id)
    return ToolResult(facts=facts, refusal=check(lambda: service.check_autopay(ctx, plan)))


@tool("set_autopay", needs=("order_id", "autopay_enabled"), writes=True)
def set_autopay(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Turn autopay on or off."""
    order = owned_order(c, args)
    enabled = bool(args.get("autopay_enabled"))
    service.set_autopay(ctx, order.id, enabled)
    return ToolResult(facts={"variant": "on" if enabled else "off"})


@tool("charge_explanations", needs=("order_id",))
def charge_explanations(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """The facts of an order the customer does not recognise."""
    order = owned_order(c, args)
    return ToolResult(facts={"placed_date": order.placed_at.date()})


@tool("amount_owed")
def amount_owed(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """What is still owed: on the order named, on the only plan with a balance, or in all.

    A paused plan still owes what it owes (nothing is due while a return or dispute is
    checked); a plan in collections owes it now. Both are said, never "nothing left to pay".
    """
    owing = [o for o in c.orders if o.balance > 0]
    named = c.order(str(args["order_id"])) if args.get("order_id") else None
    order = named if named is not None else (owing[0] if len(owing) == 1 else None)
    if order is not None:
        variant = {"paused": "paused", "in_collections": "in_collections"}.get(order.plan_status)
        facts: dict[str, Any] = {
            "merchant": order.merchant,
            "balance": money(order.balance, order),
            "plan_status": order.plan_status,
            "variant": "nothing" if order.balance == 0 else variant or "",
        }
        return ToolResult(facts=facts)
    if not owing:
        return ToolResult(refusal=Refusal("nothing_due", "nothing left to pay"))
    total = Money(sum(o.balance for o in owing), Currency(c.currency))
    return ToolResult(facts={"total_balance": total, "variant": "total"})
