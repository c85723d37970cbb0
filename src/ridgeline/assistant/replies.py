"""Render replies in the customer's language, and check that every figure in them is grounded.

Replies are rendered from templates in the customer's language, with money and dates formatted
for the locale (Babel), and every figure in a reply is checked to be grounded.

A reply's facts come from records, tool results and the policy. The grounding check removes each
formatted fact from the rendered text; any digit left over came from nowhere, and the reply is
refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_percent

from ridgeline.assistant.turn import Say
from ridgeline.kit.money import MINOR_UNITS, Money

LANGUAGES = ("en", "fr", "de", "sv", "es", "it")
DEFAULT_REGION = {"en": "GB", "fr": "FR", "de": "DE", "sv": "SE", "es": "ES", "it": "IT"}
MARKET_LANGUAGE = {
    "SE": "sv",
    "DE": "de",
    "FR": "fr",
    "ES": "es",
    "IT": "it",
    "GB": "en",
    "US": "en",
}
PLACEHOLDER = re.compile(r"{(\w+)}")


@cache
def templates(language: str) -> dict[str, str]:
    """Return the templates of a language."""
    text = (
        resources.files("ridgeline.assistant.templates")
        .joinpath(f"{language}.yaml")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, str] = yaml.safe_load(text)
    return loaded


def locale_for(language: str, market: str) -> str:
    """Return the Babel locale: the customer's language in their market's region if it speaks it."""
    if MARKET_LANGUAGE.get(market) == language:
        return f"{language}_{market}"
    return f"{language}_{DEFAULT_REGION[language]}"


def format_money(value: Money, locale: str) -> str:
    """Format money for a locale ("349,00 kr", "£5.00", "120,00 €")."""
    amount = Decimal(value.amount).scaleb(-MINOR_UNITS[value.currency])
    return str(format_currency(amount, value.currency.value, locale=locale))


@dataclass(frozen=True)
class Rendered:
    """A reply and the formatted facts it may contain."""

    text: str
    grounded: tuple[str, ...]


def _word(language: str, prefix: str, code: str) -> str:
    return templates(language).get(f"{prefix}.{code}") or code.replace("_", " ")


@dataclass(frozen=True)
class ChoiceLabel:
    """A request offered as a choice, shown by its label in the reply's language."""

    intent: str


def choice_label(language: str, intent: str) -> str:
    """Return the words a choice of `intent` is shown with in `language`."""
    return _word(language, "choice", intent)


def _format(name: str, value: Any, language: str, locale: str, grounded: list[str]) -> str:
    if isinstance(value, ChoiceLabel):
        return choice_label(language, value.intent)  # words of a template, never a figure
    if isinstance(value, Money):
        text = format_money(value, locale)
    elif isinstance(value, date):
        text = str(format_date(value, format="long", locale=locale))
    elif isinstance(value, bool):
        text = ""
    elif isinstance(value, int) and name == "apr":
        rate = Decimal(value).scaleb(-4)
        text = str(format_percent(rate, format="#,##0.00%", locale=locale))
    elif isinstance(value, int):
        text = str(value)
    elif name in ("plan_status", "case_status"):
        text = _word(language, "status", str(value))
    elif name == "contact_field":
        text = _word(language, "field", str(value))
    elif name in ("reasons", "decline_reason"):
        codes = value if isinstance(value, list | tuple) else [value]
        text = "; ".join(_word(language, "reason", str(c)) for c in codes)
    elif name == "options":
        rows = [
            [_format("option", part, language, locale, grounded) for part in cells]
            for cells in (row if isinstance(row, list | tuple) else [row] for row in value)
        ]
        if all(len(r) == 1 for r in rows):
            return ", ".join(r[0] for r in rows)
        return "\n".join(
            f"{r[0]}. {r[1]}"
            + (f" — {r[2]}" if len(r) > 2 and r[2] else "")
            + (f" ({r[3]})" if len(r) > 3 else "")
            for r in rows
        )
    elif name == "allocation":
        return "\n".join(
            f"• {_format('d', when, language, locale, grounded)}: "
            f"{_format('m', before, language, locale, grounded)} → "
            f"{_format('m', after, language, locale, grounded)}"
            for when, before, after in value
        )
    elif name == "schedule":
        lines = []
        for when, amount, status in value:
            lines.append(
                f"• {_format('d', when, language, locale, grounded)}: "
                f"{_format('m', amount, language, locale, grounded)} "
                f"({_word(language, 'status', str(status))})"
            )
        return "\n".join(lines)
    else:
        text = str(value)
    if text:
        grounded.append(text)
    return text


def resolved_key(say: Say, language: str) -> str:
    """Return the template a reply uses: its key, or the key of its variant when it has one."""
    variant = say.facts.get("variant")
    table = templates(language)
    return f"{say.key}.{variant}" if variant and f"{say.key}.{variant}" in table else say.key


def render(say: Say, language: str, locale: str) -> Rendered:
    """Render one reply; a missing template or fact is a programming error, raised."""
    table = templates(language)
    template = table[resolved_key(say, language)]
    grounded: list[str] = []
    values = {
        name: _format(name, say.facts[name], language, locale, grounded)
        for name in PLACEHOLDER.findall(template)
    }
    return Rendered(template.format(**values), tuple(grounded))


def ungrounded_figures(text: str, grounded: tuple[str, ...]) -> list[str]:
    """Return the figures in `text` that no grounded fact accounts for."""
    rest = text
    for fact in sorted(grounded, key=len, reverse=True):
        if fact:
            rest = rest.replace(fact, " ")
    return re.findall(r"\d[\d.,:/ \u00a0\u202f]*", rest)
