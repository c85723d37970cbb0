"""Language detection on short messages, and splitting a message into its requests."""

from __future__ import annotations

import pytest

from ridgeline.understanding.language import detect_language
from ridgeline.understanding.segments import split_requests


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hi, I sent the trainers from Harbour & Co back yesterday.", "en"),
        ("Bonjour, j'ai renvoyé la robe à Maison Lumière hier.", "fr"),
        ("Hallo, kann ich die nächste Rate verschieben?", "de"),
        ("Hej! När är min nästa betalning och hur mycket ska jag betala?", "sv"),
        ("Hola, veo en mi cuenta una compra que yo no he hecho.", "es"),
        ("Ho ricevuto l'articolo sbagliato e il negozio non risponde", "it"),
    ],
)
def test_full_sentences_without_hint(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "hint", "language"),
    [
        ("ja", "sv", "sv"),
        ("ja", "de", "de"),
        ("no", "es", "es"),
        ("no", "it", "it"),
        ("nej", "sv", "sv"),
        ("ok", "fr", "fr"),
        ("Vielen Dank für Ihre Hilfe", "sv", "de"),  # a clear sentence beats the market
    ],
)
def test_market_language_is_a_prior_for_short_messages(text: str, hint: str, language: str) -> None:
    assert detect_language(text, hint) == language


def test_hint_accepts_locales_and_defaults_to_english() -> None:
    assert detect_language("ja", "sv-SE") == "sv"
    assert detect_language("123") == "en"
    assert detect_language("", "fr") == "fr"


def test_two_requests_are_split() -> None:
    parts = split_requests("When is my next payment? Also I want to change my email")
    assert parts == ["When is my next payment?", "Also I want to change my email"]
    parts = split_requests("I lost my card and I also want to talk to a person")
    assert len(parts) == 2


def test_short_pieces_stay_with_their_neighbour() -> None:
    assert split_requests("Hi, yes and thanks") == ["Hi, yes and thanks"]
    assert split_requests("Pay now and cancel") == ["Pay now and cancel"]
