"""Take contact details and card numbers out of text before it leaves for a hosted model.

A model sees the customer's message, never their email address, phone number, postal address
or a card number. Emails, phone numbers and long digit runs (card or account numbers) are
replaced by a bracketed word; so are the customer's own email and phone as the records hold
them, and whatever the embedded understanding found as an email or a phone. A postal address
cannot be told apart reliably in free text, so a message that speaks of an address (or of any
contact detail) is not sent at all: that is the adapter's rule (`adapter.py`), not this one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A phone number: an optional +, then at least nine digits with spaces, dots, dashes or
# brackets between them (the shortest national numbers of the markets served). A date
# ("2026-03-10") has eight; an amount ("1,200.50") other separators.
PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[\s.\-()]{0,2}\d){8,}(?!\w)")
# A card or account number: twelve or more digits, possibly in groups.
LONG_NUMBER = re.compile(r"(?<![\w+])\d(?:[\s-]?\d){11,}(?!\w)")


def redact(text: str, known: Iterable[str] = ()) -> str:
    """Return `text` without contact details or card numbers (each replaced by a word)."""
    for value in sorted({k for k in known if k and len(k) >= 5}, key=len, reverse=True):
        text = re.sub(re.escape(value), "[contact detail]", text, flags=re.IGNORECASE)
    text = EMAIL.sub("[email]", text)
    text = LONG_NUMBER.sub("[number]", text)
    return PHONE.sub("[phone]", text)


def digits(text: str) -> str:
    """Return the digits of `text` (to compare phone numbers however they are written)."""
    return re.sub(r"\D", "", text)
