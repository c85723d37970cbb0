"""Order references resolved against the customer's own orders; cards, emails, phones."""

from __future__ import annotations

from datetime import date

import pytest

from ridgeline.understanding.entities import OrderRef, extract_entities
from ridgeline.understanding.entities.contacts import (
    extract_card_last4,
    extract_emails,
    extract_phones,
)
from ridgeline.understanding.entities.orders import resolve_orders

ORDERS = (
    OrderRef("PO-GB1", "Harbour & Co", ("Canvas trainers",), 8000, "GBP"),
    OrderRef("PO-GB2", "Lakeside Electronics", ("Wireless headphones",), 12000, "GBP"),
    OrderRef("PO-DE1", "Stadtwerk Möbel", ("Schreibtischstuhl Ergo",), 30000, "EUR"),
    OrderRef("PO-FR1", "Maison Lumière", ("Robe en lin",), 9000, "EUR"),
    OrderRef("PO-SE1", "Nordljus Design", ("Golvlampa",), 149900, "SEK"),
    OrderRef("PO-ES1", "ElectroMundo Online", ("Portátil 14",), 69900, "EUR"),
    OrderRef("PO-IT1", "Casa Bella", ("Divano letto",), 89900, "EUR"),
)


@pytest.mark.parametrize(
    ("text", "order_id"),
    [
        ("I sent the trainers from Harbour & Co back yesterday", "PO-GB1"),
        ("where are my hedphones", "PO-GB2"),
        ("a refund from Lakeside Electroncs", "PO-GB2"),
        ("j'ai renvoyé la robe à Maison Lumiere", "PO-FR1"),
        ("die Rate für meinen Schreibtischstuhl verschieben", "PO-DE1"),
        ("jag skickade tillbaka golvlampan", "PO-SE1"),
        ("una compra en ElectroMundo que no hice", "PO-ES1"),
        ("ho restituito il divano", "PO-IT1"),
        ("about PO-GB2 please", "PO-GB2"),
    ],
)
def test_order_resolved_by_merchant_or_item(text: str, order_id: str) -> None:
    assert resolve_orders(text, ORDERS)[:1] == (order_id,)


def test_no_order_when_nothing_matches() -> None:
    assert resolve_orders("When is my next payment?", ORDERS) == ()


def test_only_the_customers_orders_are_candidates() -> None:
    assert resolve_orders("the trainers from Harbour & Co", ORDERS[1:]) == ()


@pytest.mark.parametrize(
    ("text", "last4"),
    [
        ("my card ending 4242 was declined", "4242"),
        ("ma carte se terminant par 1234", "1234"),
        ("meine Karte endet auf 9876", "9876"),
        ("kortet som slutar på 5555", "5555"),
        ("la tarjeta termina en 3333", "3333"),
        ("la carta che termina con 7777", "7777"),
        ("card number 4111 1111 1111 1111", "1111"),
    ],
)
def test_card_last_four(text: str, last4: str) -> None:
    assert extract_card_last4(text) == (last4,)


def test_a_card_number_is_never_a_phone() -> None:
    assert extract_phones("4111 1111 1111 1111") == ()


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("update my number to 07700 900123", "07700900123"),
        ("call me on +44 7700 900101", "+447700900101"),
        ("mon numéro est le 06 12 34 56 78", "0612345678"),
        ("neue Nummer 0151 2345678", "01512345678"),
        ("nya är 070-123 45 67", "0701234567"),
        ("el nuevo es 612 345 678", "612345678"),
        ("il nuovo è 347 123 4567", "3471234567"),
    ],
)
def test_phone_numbers_as_digits(text: str, phone: str) -> None:
    assert extract_phones(text) == (phone,)


def test_email_lower_cased() -> None:
    assert extract_emails("change it to Anna.B@Example.co.uk please") == ("anna.b@example.co.uk",)


def test_amounts_and_dates_are_not_phones() -> None:
    assert extract_phones("I paid 12.50 on 15/03/2026") == ()


def test_extract_entities_combines_everything() -> None:
    entities = extract_entities(
        "I returned the trainers on 2026-03-09, refund £80 to card ending 4242, "
        "email me at o.b@example.co.uk",
        today=date(2026, 3, 10),
        orders=ORDERS,
    )
    assert entities.order_ids[0] == "PO-GB1"
    assert entities.dates == (date(2026, 3, 9),)
    assert [(a.amount, a.currency) for a in entities.amounts] == [(8000, "GBP")]
    assert entities.card_last4 == ("4242",)
    assert entities.emails == ("o.b@example.co.uk",)
