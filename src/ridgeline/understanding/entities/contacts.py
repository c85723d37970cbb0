"""Emails, phone numbers and card last-four digits in customer messages.

A card number must never be taken in chat, but customers paste one anyway: a 13 to 19 digit run
that passes the Luhn check is reported only by its last four digits, and never as a phone number.
Last-four digits are otherwise taken only next to words that say so ("card ending 4242",
"carte se terminant par 4242", "Karte endet auf 4242", "slutar på 4242", "termina en 4242").
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(\+?\(?\d[\d\s().-]{5,}\d)(?![\w])")
_LAST4 = re.compile(
    r"(?:ending(?: in| with)?|ends(?: in| with)?|last (?:4|four)(?: digits)?(?: are| is)?:?|"
    r"\*{2,}\s?|x{4}\s?|"
    r"se terminant par|finissant par|termin[ée]e? par|"
    r"endet auf|endend auf|endend mit|letzten vier(?: ziffern)?|"
    r"slutar på|som slutar på|sista fyra(?: siffrorna)?|"
    r"termina(?:da)? en|que termina en|últimos cuatro(?: dígitos)?|"
    r"termina(?:nte)? (?:con|in)|ultime quattro(?: cifre)?)\s*(\d{4})\b",
    re.IGNORECASE,
)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def extract_emails(text: str) -> tuple[str, ...]:
    """Return the email addresses in `text`, lower-cased, in order."""
    return tuple(dict.fromkeys(m.group(0).lower() for m in _EMAIL.finditer(text)))


def _card_numbers(text: str) -> list[tuple[int, int, str]]:
    cards = []
    for m in re.finditer(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)", text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and _luhn(digits):
            cards.append((m.start(), m.end(), digits))
    return cards


def extract_card_last4(text: str) -> tuple[str, ...]:
    """Return the last four digits of cards mentioned in `text`, in order, without repeats."""
    found = [(m.start(1), m.group(1)) for m in _LAST4.finditer(text)]
    found += [(start, digits[-4:]) for start, _, digits in _card_numbers(text)]
    return tuple(dict.fromkeys(last4 for _, last4 in sorted(found)))


def extract_phones(text: str) -> tuple[str, ...]:
    """Return phone numbers in `text` as digits (with a leading + when written), in order.

    Runs of 8 to 15 digits count; card numbers, dates and amounts are not phone numbers.
    """
    cards = _card_numbers(text)
    without_email = _EMAIL.sub(" ", text)
    phones: list[str] = []
    for m in _PHONE.finditer(without_email):
        raw = m.group(1).strip()
        if any(s <= m.start(1) < e for s, e, _ in cards):
            continue
        if re.search(r"\d[.,]\d{2}(?!\d)", raw) and not re.search(r"\d{3}", raw.replace(" ", "")):
            continue
        digits = re.sub(r"\D", "", raw)
        if not 8 <= len(digits) <= 15:
            continue
        if re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}", raw):
            continue
        phones.append(("+" if raw.startswith("+") else "") + digits)
    return tuple(dict.fromkeys(phones))
