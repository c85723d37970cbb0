"""Entity extraction: amounts, dates, order references, card last four, emails and phones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ridgeline.understanding.entities.amounts import AmountMention, extract_amounts
from ridgeline.understanding.entities.contacts import (
    extract_card_last4,
    extract_emails,
    extract_phones,
)
from ridgeline.understanding.entities.dates import extract_dates
from ridgeline.understanding.entities.orders import OrderRef, resolve_orders


@dataclass(frozen=True)
class Entities:
    """Everything extracted from one message."""

    amounts: tuple[AmountMention, ...]
    dates: tuple[date, ...]
    order_ids: tuple[str, ...]
    card_last4: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]


def extract_entities(text: str, *, today: date, orders: Sequence[OrderRef] = ()) -> Entities:
    """Return the entities of `text`; relative dates count from `today`."""
    return Entities(
        amounts=extract_amounts(text),
        dates=extract_dates(text, today=today),
        order_ids=resolve_orders(text, orders),
        card_last4=extract_card_last4(text),
        emails=extract_emails(text),
        phones=extract_phones(text),
    )


__all__ = ["AmountMention", "Entities", "OrderRef", "extract_entities"]
