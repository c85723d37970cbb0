"""Language detection for short customer messages, with the market's language as a prior.

Customers write two words with typos ("ja", "non merci", "hej!"), and several of the six
languages share short words ("ja" is German and Swedish, "no" is English, Spanish and Italian).
A statistical detector (lingua, restricted to the six languages) gives a confidence per language;
the caller's hint (the customer's or the market's language) is added as a prior, which wins on
messages too short to tell. With no hint and no evidence the answer is English.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from typing import Any

from ridgeline.understanding.schema import LANGUAGES, Language

#: Weight of the caller's language hint, added to the detector's confidence (which sums to 1).
HINT_PRIOR = 0.35
#: Messages with fewer letters than this lean on the hint even harder.
SHORT_MESSAGE = 12

_lock = threading.Lock()

_ISO = {
    "en": "ENGLISH",
    "fr": "FRENCH",
    "de": "GERMAN",
    "sv": "SWEDISH",
    "es": "SPANISH",
    "it": "ITALIAN",
}


@cache
def _detector() -> Any:
    from lingua import Language as LinguaLanguage
    from lingua import LanguageDetectorBuilder

    languages = [getattr(LinguaLanguage, _ISO[code]) for code in LANGUAGES]
    # High-accuracy mode (about 180 MB): on the catalogue's 3,571 short messages low-accuracy
    # mode got 269 wrong without a hint, this mode 84 (and 3 with the market's language as hint).
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=4096)
def _recent_scores(text: str) -> tuple[tuple[Language, float], ...]:
    """Return the detector's scores of a recent text (short messages repeat)."""
    return tuple(language_scores(text).items())


def language_scores(text: str) -> dict[Language, float]:
    """Return the detector's confidence for each of the six languages (summing to 1 or 0)."""
    with _lock:
        values = _detector().compute_language_confidence_values(text)
    by_name = {_ISO[code]: code for code in LANGUAGES}
    scores: dict[Language, float] = dict.fromkeys(LANGUAGES, 0.0)
    for value in values:
        code = by_name.get(value.language.name)
        if code is not None:
            scores[code] = float(value.value)
    return scores


def detect_language(text: str, hint: str | None = None) -> Language:
    """Return the language of `text`, using `hint` (e.g. the market's language) as a prior."""
    prior: Language | None = None
    for code in LANGUAGES:
        if hint is not None and hint.lower().startswith(code):
            prior = code
    letters = sum(ch.isalpha() for ch in text)
    if letters == 0:
        return prior or "en"
    scores = dict(_recent_scores(text))
    if prior is not None:
        scores[prior] += HINT_PRIOR * (2.0 if letters < SHORT_MESSAGE else 1.0)
    best = max(LANGUAGES, key=lambda code: scores[code])
    if scores[best] <= 0.0:
        return prior or "en"
    return best
