"""The explicit safety phrase layer fires in every language and stays quiet otherwise."""

from __future__ import annotations

import pytest

from ridgeline.understanding.safety import safety_matches


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Can I speak to a real person please?", "human_agent"),
        ("agent", "human_agent"),
        ("En fait, je préfère en parler à un conseiller, s'il vous plaît.", "human_agent"),
        ("Ich möchte mit einem Mitarbeiter sprechen", "human_agent"),
        ("Kan jag få prata med en människa?", "human_agent"),
        ("Quiero hablar con una persona", "human_agent"),
        ("Posso parlare con un operatore?", "human_agent"),
        ("I lost my job and can't afford the payments", "financial_difficulty"),
        ("je ne peux pas payer ce mois-ci", "financial_difficulty"),
        ("Ich bin arbeitslos", "financial_difficulty"),
        ("jag kan inte betala den här månaden", "financial_difficulty"),
        ("me he quedado sin trabajo", "financial_difficulty"),
        ("ho perso il lavoro", "financial_difficulty"),
        ("My husband passed away last month", "vulnerability"),
        ("mon père est décédé", "vulnerability"),
        ("ich habe eine Vollmacht für meine Mutter", "vulnerability"),
        ("min mamma har gått bort", "vulnerability"),
        ("mi marido ha fallecido", "vulnerability"),
        ("sono ricoverata in ospedale, sono ricoverata da settimane", "vulnerability"),
    ],
)
def test_phrase_fires(text: str, intent: str) -> None:
    assert intent in {m.intent for m in safety_matches(text)}


def test_match_says_what_fired() -> None:
    (match,) = safety_matches("I'd like to talk to a human")
    assert match.intent == "human_agent"
    assert match.language == "en"
    assert "human" in match.matched


def test_typographic_apostrophe_still_fires() -> None:
    assert safety_matches("I can’t afford the payments")[0].intent == "financial_difficulty"


@pytest.mark.parametrize(
    "text",
    [
        "When is my next payment?",
        "The chair arrived broken",
        "Please disable autopay",
        "Mon colis n'est pas arrivé",
        "Wann ist meine nächste Rate?",
        "Jag vill byta kort",
        "¿Dónde está mi reembolso?",
        "Voglio annullare il mio ordine",
    ],
)
def test_ordinary_requests_do_not_fire(text: str) -> None:
    assert safety_matches(text) == ()


def test_bereavement_said_plainly() -> None:
    assert "vulnerability" in {m.intent for m in safety_matches("it's about my dead husband")}
    assert safety_matches("my phone battery is dead") == ()
