"""What the customer's chat shows when a person joins, leaves or closes, in their language.

These are notices of the desk, not replies of the assistant: they carry no figures. They live in
`desk/notices/<language>.yaml`, one file per language of the reply templates, each with
English's keys and the `{name}` of the person.
"""

from __future__ import annotations

from functools import cache

from ridgeline.assistant.replies import LANGUAGES
from ridgeline.kit.language_files import texts


@cache
def notices() -> dict[str, dict[str, str]]:
    """Return language -> kind -> notice (read and checked once)."""
    return texts("ridgeline.desk", "notices", LANGUAGES)


def notice(kind: str, language: str, name: str) -> str:
    """Return the notice `kind` in `language` (English when the language has none)."""
    table = notices().get(language, notices()["en"])
    return table[kind].format(name=name)
