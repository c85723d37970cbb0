"""Hand a conversation to a person, with a summary that person can act on.

A handover carries the reason, the queue, and a summary a person can act on, so the customer
never has to repeat themselves.
"""

from __future__ import annotations

from ridgeline.assistant.turn import Turn
from ridgeline.kit.logs import log_event
from ridgeline.policy import URGENT_REASONS


def summary(turn: Turn, reason: str, intent: str | None) -> str:
    """Return a few plain lines for the person who takes over."""
    c = turn.customer
    lines = [
        f"{c.name} ({c.id}, market {c.market}, writes in {turn.state.language}).",
        f"Handed over: {reason}" + (f" during '{intent}'." if intent else "."),
        f'Last message: "{turn.text.strip()[:300]}"',
    ]
    slots = turn.state.frame.slots if turn.state.frame else {}
    order = c.order(str(slots.get("order_id", ""))) if slots.get("order_id") else None
    if order is not None:
        lines.append(
            f"Order {order.id} at {order.merchant}: {order.product}, plan {order.plan_status}, "
            f"{order.balance} {order.currency} minor units still to pay."
        )
    asked = list(turn.intents) + [p[1] for p in turn.state.pending if p[1] not in turn.intents]
    if len(asked) > 1:
        lines.append("Asked for: " + ", ".join(asked) + ".")
    if turn.actions:
        lines.append("Done in this turn: " + ", ".join(a["type"] for a in turn.actions) + ".")
    open_cases = [f"{k.type} {k.id}" for k in c.cases if k.status == "open"]
    if open_cases:
        lines.append("Open cases: " + ", ".join(open_cases) + ".")
    if c.locked:
        lines.append("The account is locked.")
    return "\n".join(lines)


def hand_over(
    turn: Turn, reason: str, queue: str, template: str = "handoff", priority: bool = False
) -> None:
    """Hand the conversation to a queue of people and tell the customer.

    The conversation moves to the queue of people, any unconfirmed change is dropped, and the
    customer is told.
    """
    intent = turn.state.frame.flow if turn.state.frame else turn.intent
    turn.state.handoff = {
        "reason": reason,
        "queue": queue,
        "summary": summary(turn, reason, intent),
        "priority": "high" if priority or reason in URGENT_REASONS else "normal",
    }
    turn.state.status = "waiting_for_human"
    turn.state.human_offered = None
    turn.state.pending, turn.state.choices = [], []  # the person takes every request over
    turn.say(template)
    turn.state.frame = None
    log_event("assistant.turn.handoff", reason=reason, queue=queue, customer=turn.customer.id)
