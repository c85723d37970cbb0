"""Money amounts in customer messages, in minor units with the currency when it is said.

Customers write "£80", "45 €", "12,50 euros", "450 kr", "1.234,50 EUR", "450:-" or "50p". The
decimal separator depends on the language: with both "." and "," the last one is the decimal
mark; with one, two digits after it make it a decimal mark and three a thousands separator. A
bare number counts as an amount only when it has two decimals ("what is this 12.50 for"): bare
integers are too often days, counts or order numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AmountMention:
    """An amount said in a message: minor units, ISO currency (None when unsaid), the words."""

    amount: int
    currency: str | None
    text: str


_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD"}
_WORDS = {
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "sek": "SEK",
    "kr": "SEK",
    "kronor": "SEK",
    "krona": "SEK",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
}
_NUMBER = r"\d{1,3}(?:[ .,\u00a0]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_WORD_ALT = "|".join(sorted(_WORDS, key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?P<sym1>[£€$])\s?(?P<n1>{_NUMBER})"
    rf"|(?P<n2>{_NUMBER})\s?(?:(?P<sym2>[£€$])|(?P<word>{_WORD_ALT})\b\.?|(?P<pence>p)\b|(?P<colon>:-))"
    rf"|(?<![\d.,])(?P<n3>\d+[.,]\d{{2}})(?![\d.,]*\d)",
    re.IGNORECASE,
)


def parse_number(raw: str) -> tuple[int, int] | None:
    """Return (whole, hundredths) for a written number, reading the separators as described."""
    text = raw.replace("\u00a0", " ").strip()
    last_dot, last_comma = text.rfind("."), text.rfind(",")
    decimal_at = -1
    if last_dot >= 0 and last_comma >= 0:
        decimal_at = max(last_dot, last_comma)
    elif max(last_dot, last_comma) >= 0:
        at = max(last_dot, last_comma)
        if len(text) - at - 1 in (1, 2):
            decimal_at = at
    if decimal_at >= 0:
        whole_part, frac_part = text[:decimal_at], text[decimal_at + 1 :]
    else:
        whole_part, frac_part = text, ""
    digits = re.sub(r"[^\d]", "", whole_part)
    if not digits:
        return None
    cents = int((frac_part + "00")[:2]) if frac_part else 0
    return int(digits), cents


def extract_amounts(text: str) -> tuple[AmountMention, ...]:
    """Return every amount in `text`, in order of appearance."""
    found: list[AmountMention] = []
    for match in _PATTERN.finditer(text):
        number = match.group("n1") or match.group("n2") or match.group("n3")
        parsed = parse_number(number)
        if parsed is None:
            continue
        whole, cents = parsed
        currency: str | None = None
        minor = whole * 100 + cents
        if match.group("sym1") or match.group("sym2"):
            currency = _SYMBOLS[match.group("sym1") or match.group("sym2")]
        elif match.group("word"):
            currency = _WORDS[match.group("word").lower()]
        elif match.group("colon"):
            currency = "SEK"  # "450:-" is how Swedish prices are written
        elif match.group("pence"):
            currency, minor = "GBP", whole
        found.append(AmountMention(amount=minor, currency=currency, text=match.group(0).strip()))
    return tuple(found)
