"""What an understanding may know of the conversation beyond the message: the reading context.

The embedded understanding reads a message on its own. A hosted language model reads it better
with the conversation around it: the flow in progress and what the assistant waits for, the
requests offered or queued, and the customer's orders (ids, merchants, dates and amounts, never
a contact detail or a card number). The engine builds this context from the conversation state
and the customer's view and hands it to an understanding that asks for it
(`ContextualUnderstanding`); an understanding that only has `read` never sees it, so every
adapter written before keeps working unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from ridgeline.assistant.ports import OrderChoice, Reading
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.views import CustomerView


@dataclass(frozen=True)
class OrderLine:
    """One of the customer's orders as a language model may see it: no personal details."""

    order_id: str
    merchant: str
    items: tuple[str, ...]
    placed_on: date
    currency: str
    total: int  # minor units
    product: str
    plan_status: str
    balance: int  # minor units still owed
    next_due: date | None
    next_amount: int | None


@dataclass(frozen=True)
class ReadContext:
    """The conversation around a message, as the engine knows it before the turn runs.

    `awaiting` names what the assistant's last message waits for: `confirm` (a yes or a no to
    a change shown), `order` or `card` (which one), `value:<slot>` (a code or a contact detail),
    `choice` (a pick among `choices`), `offer` (a yes to the flow in `offered`) or `person` (a
    yes to a person, for the reason in `offered`); None when nothing is asked. Slots are named,
    never given: their values may be contact details. `history` holds earlier messages as
    (role, text) when the caller has them (the engine has only the state, so it is empty).
    """

    flow: str | None = None
    awaiting: str | None = None
    slots: tuple[str, ...] = ()
    order_id: str | None = None  # the order the flow in progress is about
    last_intent: str | None = None
    choices: tuple[str, ...] = ()
    offered: str | None = None
    pending: tuple[str, ...] = ()
    turns: int = 0
    orders: tuple[OrderLine, ...] = ()
    history: tuple[tuple[str, str], ...] = ()

    @property
    def asked_yes_no(self) -> bool:
        """Tell whether the assistant's last message asked a yes/no question."""
        return self.awaiting in ("confirm", "offer", "person")


def read_context(state: ConversationState, customer: CustomerView) -> ReadContext:
    """Return the reading context of the next message of a conversation."""
    frame = state.frame
    awaiting = frame.awaiting if frame else None
    offered: str | None = None
    if awaiting is None and state.choices:
        awaiting = "choice"
    elif awaiting is None and state.offer_flow:
        awaiting, offered = "offer", state.offer_flow
    elif awaiting is None and state.human_offered:
        awaiting, offered = "person", state.human_offered
    slots = frame.slots if frame else {}
    order_id = slots.get("order_id")
    return ReadContext(
        flow=frame.flow if frame else None,
        awaiting=awaiting,
        slots=tuple(sorted(k for k in slots if not k.startswith("_"))),
        order_id=order_id if isinstance(order_id, str) else None,
        last_intent=state.last_intent,
        choices=tuple(state.choices),
        offered=offered,
        pending=tuple(str(p[1]) for p in state.pending),
        turns=state.turns,
        orders=tuple(order_lines(customer)),
    )


def order_lines(customer: CustomerView) -> list[OrderLine]:
    """Return the customer's orders with their plans, without anything personal."""
    lines = []
    for o in customer.orders:
        unpaid = o.unpaid
        nxt = min(unpaid, key=lambda i: i.due_date) if unpaid else None
        lines.append(
            OrderLine(
                o.id,
                o.merchant,
                o.items,
                o.placed_at.date(),
                o.currency,
                o.total,
                o.product,
                o.plan_status,
                o.balance,
                nxt.due_date if nxt else None,
                nxt.amount if nxt else None,
            )
        )
    return lines


@runtime_checkable
class ContextualUnderstanding(Protocol):
    """An understanding that reads a message with the conversation around it."""

    def read_in_context(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderChoice],
        language_hint: str | None,
        context: ReadContext,
    ) -> Reading:
        """Return what the message says, read in its context."""
        ...
