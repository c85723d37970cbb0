"""Resolve the order a customer means against their own orders, by merchant or item name.

Customers name orders the way they remember them ("the trainers from Harbour & Co", "la robe",
"meinen Schreibtischstuhl", "the hedphones"), with typos and in their own language. Each order
the caller passes is scored by the best fuzzy match of its merchant name and of each significant
word of its item names against the words of the message; an order id written out ("PO-GB1")
is an exact match. Orders above the threshold are returned best first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Similarity (0-100) a name must reach to count as a mention.
MATCH_THRESHOLD = 84.0
#: Item words shorter than this are too common to identify an order ("set", "kit", "de").
MIN_WORD = 4
_STOP = frozenset(
    [
        "with",
        "from",
        "pour",
        "avec",
        "dans",
        "mit",
        "från",
        "med",
        "para",
        "con",
        "per",
        "della",
        "delle",
        "item",
        "order",
        "pack",
        "black",
        "white",
        "size",
        "noir",
        "blanc",
        "schwarz",
        "weiss",
        "svart",
        "vit",
        "negro",
        "blanco",
        "nero",
        "bianco",
    ]
)


@dataclass(frozen=True)
class OrderRef:
    """One of the customer's own orders, given by the caller."""

    order_id: str
    merchant: str
    items: tuple[str, ...]
    total: int
    currency: str


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+|\d+", text.casefold())


def _score_order(order: OrderRef, text: str, words: list[str]) -> float:
    from rapidfuzz import fuzz

    if re.search(rf"(?<!\w){re.escape(order.order_id)}(?!\w)", text, re.IGNORECASE):
        return 100.0
    best = 0.0
    lowered = text.casefold()
    merchant = order.merchant.casefold()
    if len(merchant) >= MIN_WORD:
        best = max(best, float(fuzz.partial_ratio(merchant, lowered)))
    distinctive = [w for w in _tokens(order.merchant) if len(w) >= MIN_WORD and w not in _STOP]
    for item in order.items:
        distinctive += [w for w in _tokens(item) if len(w) >= MIN_WORD and w not in _STOP]
    for name_word in distinctive:
        for word in words:
            if len(word) < MIN_WORD - 1:
                continue
            score = float(fuzz.ratio(name_word, word))
            # Compound words ("Schreibtischstuhl") and plurals contain the item word.
            if len(word) > len(name_word) + 2 or len(name_word) > len(word) + 2:
                longer, shorter = (
                    (word, name_word) if len(word) > len(name_word) else (name_word, word)
                )
                if len(shorter) >= 5 and shorter in longer:
                    score = max(score, 90.0)
            best = max(best, score)
    return best


def resolve_orders(text: str, orders: Sequence[OrderRef]) -> tuple[str, ...]:
    """Return the ids of the orders `text` refers to, best match first."""
    words = _tokens(text)
    scored = []
    for i, order in enumerate(orders):
        score = _score_order(order, text, words)
        if score >= MATCH_THRESHOLD:
            scored.append((score, i, order.order_id))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return tuple(dict.fromkeys(order_id for _, _, order_id in scored))
