"""The explicit safety phrase layer: words that always reach a person.

Three intents matter more than accuracy: a request for a person (`human_agent`), financial
difficulty and vulnerability (bereavement, illness, a third party acting for the customer,
coercion). A statistical model can miss a phrasing it has not seen, so a small, reviewed list of
multilingual phrases runs beside it. When a phrase fires, the intent is reported with at least
`SAFETY_FLOOR` confidence and the match is returned to the caller, who can log why it fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ridgeline.understanding.catalogue import safety_file

#: Confidence given to a safety intent whose phrase fired; above any operating threshold.
SAFETY_FLOOR = 0.9


@dataclass(frozen=True)
class SafetyMatch:
    """One safety phrase that fired: the intent, the language of the rule and the matched words."""

    intent: str
    language: str
    matched: str


@cache
def _compiled() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    rules = []
    for rule in safety_file().rules:
        for language, patterns in rule.patterns.items():
            for pattern in patterns:
                rules.append((rule.intent, language, re.compile(pattern, re.IGNORECASE)))
    return tuple(rules)


def _normalise(text: str) -> str:
    # Typographic apostrophes are common on phones; the patterns are written with ASCII ones.
    return " ".join(text.replace("’", "'").replace("`", "'").split())


def safety_matches(text: str) -> tuple[SafetyMatch, ...]:
    """Return every safety phrase in `text`, one per intent, in rule order.

    All six languages are tried whatever the detected language: customers mix languages, and a
    wrong language guess must not hide a request for a person.
    """
    return first_matches(text, _compiled())


def first_matches(
    text: str, rules: tuple[tuple[str, str, re.Pattern[str]], ...]
) -> tuple[SafetyMatch, ...]:
    """Return the first match of each intent's (intent, language, pattern) rules in `text`."""
    found: dict[str, SafetyMatch] = {}
    clean = _normalise(text)
    for intent, language, pattern in rules:
        if intent in found:
            continue
        hit = pattern.search(clean)
        if hit:
            found[intent] = SafetyMatch(intent=intent, language=language, matched=hit.group(0))
    return tuple(found.values())
