"""The words of the customer's chat page in each language the assistant speaks.

The first message of every conversation already discloses the AI; the page says it again in a
banner that stays visible, beside a "talk to a person" button that is always there.

The words live beside the page in `web/pages/strings/<language>.yaml`, one file per language of
the reply templates, each with English's keys.
"""

from __future__ import annotations

from functools import cache

from ridgeline.assistant.replies import LANGUAGES
from ridgeline.kit.language_files import texts


@cache
def chat_strings() -> dict[str, dict[str, str]]:
    """Return language -> key -> words of the chat page (read and checked once)."""
    return texts("ridgeline.web.pages", "strings", LANGUAGES)


def chat_words(locale: str | None) -> tuple[str, dict[str, str]]:
    """Return the page language for a locale ("fr-FR" -> "fr") and its words (English default)."""
    language = (locale or "en")[:2].lower()
    if language not in chat_strings():
        language = "en"
    return language, chat_strings()[language]
