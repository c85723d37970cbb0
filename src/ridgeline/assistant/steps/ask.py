"""Wait for a value that the flow needs from the customer.

Step `ask`: wait for a value the flow needs (a one-time code, an email, a phone number, a new
contact detail in the form its field needs).
"""

from __future__ import annotations

import re

from ridgeline.assistant.flows.schema import Ask
from ridgeline.assistant.turn import Outcome, Turn

PATTERNS = {
    "code": r"(?<!\d)(\d{6})(?!\d)",
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "phone": r"\+?\d[\d ()-]{6,}\d",
}


def _value(step: Ask, turn: Turn) -> str | None:
    kind = step.kind
    if kind == "contact":
        # The new contact detail, in the form its field needs (an address is free text).
        field = turn.frame.slots.get("contact_field")
        kind = field if field in ("email", "phone") else "text"
    if kind == "email" and turn.reading.emails:
        return turn.reading.emails[0]
    if kind == "phone" and turn.reading.phones:
        return turn.reading.phones[0]
    if kind == "text":
        return turn.text.strip() or None
    match = re.search(PATTERNS[kind], turn.text)
    return match.group(0) if match else None


def run(step: Ask, turn: Turn) -> Outcome:
    """Take the value from this message if the flow was waiting for it; otherwise ask."""
    if turn.frame.slots.get(step.slot):
        return Outcome.NEXT
    if turn.frame.awaiting == f"value:{step.slot}":
        value = _value(step, turn)
        if value:
            turn.frame.slots[step.slot] = value
            turn.frame.awaiting = None
            if step.kind == "code":
                # Typing the one-time code is the customer's confirmation of the change (step-up).
                turn.confirmed_this_turn = True
            return Outcome.NEXT
        if step.kind == "contact" and turn.text.strip():
            turn.say("invalid_contact_value")  # and ask again, below
    turn.frame.awaiting = f"value:{step.slot}"
    turn.say(step.template)
    return Outcome.WAIT
