"""The words of the operations dashboard, and readable names for what its figures are split by.

The words live in `web/pages/strings/dashboard/<language>.yaml`, one file per language of the
reply templates, each with English's keys (checked when first read; the tests check
placeholders, figures and that nothing is left in English). A supervisor reads names, never
keys: figures (`metric_<key>`), queues, paths and handoff reasons have words of their own;
markets and languages are named by Babel in the page's language; an intent has no word yet
and is shown as its key in plain words ("next payment").
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from ridgeline.analytics.units import FIGURES, PATHS
from ridgeline.assistant.replies import LANGUAGES
from ridgeline.kit.language_files import texts
from ridgeline.policy import HANDOFF_REASONS, MARKETS, QUEUES

#: The names of the figures' percentiles, filled into `{percentile}`.
PERCENTILE = "90"
#: The top of the satisfaction scale, filled into `{top}`.
SCORE_TOP = "5"
#: How each dimension's values are named (see :func:`names`).
DIMENSIONS = ("day", "market", "language", "intent", "queue", "path", "handoff_reason")


@cache
def dashboard_strings() -> dict[str, dict[str, str]]:
    """Return language -> key -> words of the dashboard (read and checked once)."""
    return texts("ridgeline.web.pages", "strings/dashboard", LANGUAGES)


def page_language(asked: str | None, accept: str | None = None) -> str:
    """Return the page's language: `asked` ("fr", "fr-FR"), else the browser's, else English."""
    for candidate in [asked or "", *(part.split(";")[0] for part in (accept or "").split(","))]:
        language = candidate.strip()[:2].lower()
        if language in LANGUAGES:
            return language
    return "en"


def words(language: str) -> dict[str, str]:
    """Return the dashboard's words in `language` (English when it has none)."""
    table = dashboard_strings()
    return table.get(language, table["en"])


def plain(key: str) -> str:
    """Return a key as plain words: "next_payment" -> "Next payment"."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@cache
def names(language: str) -> dict[str, dict[str, str]]:
    """Return what the page and the CSV call each figure and each value of a dimension.

    Keys: `metric` (figure key -> name), `dimension` (dimension -> name), and per dimension
    the names of its values (`queue`, `path`, `handoff_reason`, `market`, `language`).
    """
    w = words(language)
    locale = Locale(language)

    def own(prefix: str, keys: tuple[str, ...]) -> dict[str, str]:
        return {k: w[f"{prefix}_{k}"] for k in keys}

    metric = {k: w[f"metric_{k}"].format(percentile=PERCENTILE, top=SCORE_TOP) for k in FIGURES}
    return {
        "metric": metric,
        "dimension": own("dimension", DIMENSIONS),
        "queue": own("queue", QUEUES),
        "path": own("path", PATHS),
        "handoff_reason": own("reason", HANDOFF_REASONS),
        "market": {m: plain(str(locale.territories.get(m, m))) for m in MARKETS},
        "language": {lang: plain(str(locale.languages.get(lang, lang))) for lang in LANGUAGES},
    }


def name_of(language: str, dimension: str, value: str) -> str:
    """Return the readable name of one value of a dimension (an unknown one in plain words)."""
    if value in ("", "(none)"):
        return words(language)["none"]
    if dimension == "day":
        return value
    known = names(language).get(dimension, {})
    return known.get(value) or plain(value)
