"""The dashboard's words: six languages with English's keys and placeholders, no figures of
their own, nothing left in English, and a readable name for every figure and group."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from ridgeline.analytics.units import FIGURES, PATHS
from ridgeline.assistant.replies import LANGUAGES
from ridgeline.kit.language_files import read
from ridgeline.policy import HANDOFF_REASONS, MARKETS, QUEUES
from ridgeline.web.pages.dashboard.words import (
    dashboard_strings,
    name_of,
    names,
    page_language,
    plain,
)

PLACEHOLDER = re.compile(r"\{(\w+)\}")
TRANSLATIONS = tuple(language for language in LANGUAGES if language != "en")
FOLDER = ("ridgeline.web.pages", "strings/dashboard")


def test_there_is_one_file_per_language() -> None:
    files = resources.files(FOLDER[0]).joinpath(FOLDER[1])
    found = sorted(p.name for p in files.iterdir() if p.name.endswith(".yaml"))
    assert found == sorted(f"{language}.yaml" for language in LANGUAGES)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translation_has_exactly_the_english_keys_and_placeholders(language: str) -> None:
    assert set(read(*FOLDER, language)) == set(read(*FOLDER, "en"))
    english, translated = dashboard_strings()["en"], dashboard_strings()[language]
    differing = {
        key: text
        for key, text in english.items()
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(translated[key]))
    }
    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_holds_a_figure_of_its_own(language: str) -> None:
    table = dashboard_strings()[language]
    assert {k: t for k, t in table.items() if re.search(r"\d", PLACEHOLDER.sub("", t))} == {}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_no_text_is_left_in_english(language: str) -> None:
    english, translated = dashboard_strings()["en"], dashboard_strings()[language]
    assert [key for key, text in translated.items() if text == english[key]] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_figure_and_group_has_a_readable_name(language: str) -> None:
    found = names(language)
    assert set(found["metric"]) == set(FIGURES)
    assert all("{" not in n and "_" not in n for n in found["metric"].values())
    assert set(found["queue"]) == set(QUEUES)
    assert set(found["handoff_reason"]) == set(HANDOFF_REASONS)
    assert set(found["path"]) == set(PATHS)
    assert set(found["market"]) == set(MARKETS)
    assert set(found["language"]) == set(LANGUAGES)


def test_names_of_values_read_as_words() -> None:
    assert name_of("en", "queue", "financial_support") == "Financial support"
    assert name_of("fr", "market", "SE") == "Suède"
    assert name_of("de", "language", "sv") == "Schwedisch"
    assert name_of("en", "intent", "next_payment") == "Next payment"  # no word yet: plain
    assert name_of("en", "intent", "(none)") == "(none)"
    assert name_of("sv", "intent", "(none)") == "(ingen)"
    assert name_of("en", "day", "2026-03-01") == "2026-03-01"
    assert plain("credit_report") == "Credit report"


def test_the_page_speaks_the_asked_language_then_the_browsers_then_english() -> None:
    assert page_language("fr-FR") == "fr"
    assert page_language(None, "sv-SE,sv;q=0.9,en;q=0.8") == "sv"
    assert page_language("pt", "pt-BR,de;q=0.5") == "de"
    assert page_language(None, None) == "en"
