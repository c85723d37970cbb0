"""Step `select_card`: the card the customer means (by its last four digits, or the only one)."""

from __future__ import annotations

import re

from ridgeline.assistant.flows.schema import SelectCard
from ridgeline.assistant.turn import Outcome, Turn


def run(step: SelectCard, turn: Turn) -> Outcome:
    """Pick the active card; ask for the last four digits when there are several."""
    active = [c for c in turn.customer.cards if c.status == "active"]
    wanted = set(turn.reading.card_last4)
    if turn.frame.awaiting == "card":
        # An answer to "which card?" may name the digits without any cue ("the 8736 one").
        wanted |= set(re.findall(r"(?<!\d)(\d{4})(?!\d)", turn.text))
    picked = [c for c in active if c.last4 in wanted] or (active if len(active) == 1 else [])
    if picked:
        turn.frame.slots.update({"card_id": picked[0].id, "last4": picked[0].last4})
        turn.frame.awaiting = None
        return Outcome.NEXT
    if not active:
        turn.say("no_card")
        return Outcome.END
    turn.frame.awaiting = "card"
    turn.say("choose_card", options=[c.last4 for c in active])
    return Outcome.WAIT
