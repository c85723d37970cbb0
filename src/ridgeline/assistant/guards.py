"""Input guards: what a message must be before the engine reads it.

Empty, oversize (over 4,000 characters), binary or mixed-script text gets a clear answer and
changes nothing. Mixed scripts inside one word are how look-alike characters hide ("pаy" with a
Cyrillic "а"), so a message that mixes alphabets within a word is refused.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 4000


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def problem(text: str) -> str | None:
    """Return why the message cannot be read (`empty`, `too_long`, `binary`, `mixed_script`)."""
    if not text or not text.strip():
        return "empty"
    if len(text) > MAX_CHARS:
        return "too_long"
    controls = sum(
        1 for c in text if unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c not in "\n\r\t"
    )
    if controls:
        return "binary"
    for word in re.findall(r"\w+", text):
        scripts = {s for s in map(_script, word) if s}
        if len(scripts) > 1:
            return "mixed_script"
    return None
