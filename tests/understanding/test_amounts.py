"""Amounts in each language's way of writing them, in minor units with the currency."""

from __future__ import annotations

import pytest

from ridgeline.understanding.entities.amounts import extract_amounts


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Why was my card debited £30 today?", 3000, "GBP"),
        ("what is this 12.50 for", 1250, None),
        ("I was charged 1,234.50 GBP", 123450, "GBP"),
        ("there's a 50p fee", 50, "GBP"),
        ("c'est quoi ce débit de 45 euros", 4500, "EUR"),
        ("on m'a pris 1 234,50 € hier", 123450, "EUR"),
        ("warum wurden 12,50 € abgebucht", 1250, "EUR"),
        ("Abbuchung von 1.234,50 EUR", 123450, "EUR"),
        ("vad är det här för belopp på 450 kronor", 45000, "SEK"),
        ("de drog 349:- från kortet", 34900, "SEK"),
        ("me cobraron 19,99 € dos veces", 1999, "EUR"),
        ("addebito di 45 euro", 4500, "EUR"),
    ],
)
def test_amount_in_minor_units_with_currency(text: str, amount: int, currency: str | None) -> None:
    found = extract_amounts(text)
    assert [(a.amount, a.currency) for a in found] == [(amount, currency)]


def test_two_amounts_in_order_of_appearance() -> None:
    found = extract_amounts("My statement says £60 but I expected £50")
    assert [a.amount for a in found] == [6000, 5000]
    assert found[0].text == "£60"


def test_bare_integers_are_not_amounts() -> None:
    assert extract_amounts("I have 3 instalments left and my order 42 is late") == ()
