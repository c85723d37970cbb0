"""Identifiers: readable prefixes with random, sortable bodies."""

from __future__ import annotations

import os
import time


def new_id(prefix: str) -> str:
    """Return a new identifier such as `CASE-01J8Z3...`: time-ordered, unguessable."""
    millis = int(time.time() * 1000)
    body = millis.to_bytes(6, "big") + os.urandom(8)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    number = int.from_bytes(body, "big")
    chars = []
    for _ in range(22):
        number, digit = divmod(number, 32)
        chars.append(alphabet[digit])
    return f"{prefix}-{''.join(reversed(chars))}"
