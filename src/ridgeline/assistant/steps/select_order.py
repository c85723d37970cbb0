"""Step `select_order`: find the order the customer means, offering their own orders as choices."""

from __future__ import annotations

import re
from collections.abc import Callable

from ridgeline.assistant.flows.schema import SelectOrder
from ridgeline.assistant.turn import Outcome, Turn
from ridgeline.assistant.views import OrderView
from ridgeline.kit.money import Currency, Money

FILTERS: dict[str, Callable[[OrderView], bool]] = {
    "any": lambda o: True,
    "unpaid": lambda o: bool(o.unpaid) and o.plan_status in ("active", "paused", "in_collections"),
    "active": lambda o: o.plan_status == "active" and bool(o.unpaid),
    "with_charged_fee": lambda o: any(f.status == "charged" for f in o.fees),
    "financing": lambda o: o.product == "financing",
    "with_refund": lambda o: bool(o.refunds),
    "paused": lambda o: o.plan_status == "paused",
}


def choose(turn: Turn, order: OrderView) -> None:
    """Put the chosen order and its grounded facts into the frame."""
    turn.frame.slots.update(
        {
            "order_id": order.id,
            "merchant": order.merchant,
            "item": order.items[0] if order.items else order.merchant,
            "order_total": Money(order.total, Currency(order.currency)),
            "plan_status": order.plan_status,
        }
    )
    turn.frame.slots.pop("choices", None)
    turn.frame.awaiting = None


def _picked_by_number(turn: Turn, candidates: list[OrderView]) -> OrderView | None:
    choices = turn.frame.slots.get("choices") or []
    match = re.fullmatch(r"\s*#?(\d{1,2})[.)]?\s*", turn.text)
    if turn.frame.awaiting == "order" and match and choices:
        index = int(match.group(1)) - 1
        if 0 <= index < len(choices):
            return next((o for o in candidates if o.id == choices[index]), None)
    return None


def run(step: SelectOrder, turn: Turn) -> Outcome:
    """Resolve the order; ask with the candidates listed when it is not clear."""
    orders = turn.customer.orders
    candidates = [o for o in orders if FILTERS[step.filter](o)]
    ids = {o.id for o in candidates}
    chosen = turn.frame.slots.get("order_id")
    if chosen in ids:
        return Outcome.NEXT
    mentioned = [oid for oid in turn.reading.order_ids if oid in ids]
    picked = _picked_by_number(turn, candidates)
    if picked is None and mentioned:
        picked = next(o for o in candidates if o.id == mentioned[0])
    if picked is None and len(candidates) == 1:
        picked = candidates[0]
    if picked is not None:
        choose(turn, picked)
        return Outcome.NEXT
    if not candidates:
        named = next((o for o in orders if o.id in turn.reading.order_ids), None)
        if named is not None:
            choose(turn, named)
            turn.say("order_not_eligible")
        else:
            turn.say("no_matching_order")
        return Outcome.END
    turn.frame.slots["choices"] = [o.id for o in candidates]
    options = [
        (str(n), o.merchant, o.items[0] if o.items else "", Money(o.total, Currency(o.currency)))
        for n, o in enumerate(candidates, start=1)
    ]
    turn.frame.awaiting = "order"
    turn.say("choose_order", options=options)
    return Outcome.WAIT
