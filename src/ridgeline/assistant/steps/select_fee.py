"""Step `select_fee`: the charged late fee of the chosen order."""

from __future__ import annotations

from ridgeline.assistant.flows.schema import SelectFee
from ridgeline.assistant.turn import Outcome, Turn
from ridgeline.kit.money import Currency, Money


def run(step: SelectFee, turn: Turn) -> Outcome:
    """Pick the order's charged fee (the oldest first); end the flow when there is none."""
    order = turn.customer.order(str(turn.frame.slots.get("order_id", "")))
    fees = [f for f in order.fees if f.status == "charged"] if order else []
    if order is None or not fees:
        turn.say("no_fee")
        return Outcome.END
    fee = fees[0]
    turn.frame.slots.update(
        {
            "fee_id": fee.id,
            "fee_amount": Money(fee.amount, Currency(order.currency)),
            "fee_seq": str(fee.installment_seq),
        }
    )
    return Outcome.NEXT
