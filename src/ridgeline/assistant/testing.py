"""Deterministic test doubles shipped with the package: a scripted understanding."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ridgeline.assistant.ports import OrderChoice, Reading


class ScriptedUnderstanding:
    """Return the reading scripted for each message text; anything else is out of scope."""

    def __init__(self, script: dict[str, Reading], language: str = "en") -> None:
        self.script = script
        self.language = language
        self.calls: list[str] = []

    def read(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderChoice],
        language_hint: str | None,
    ) -> Reading:
        """Return the scripted reading of `text`."""
        self.calls.append(text)
        found = self.script.get(text)
        if found is not None:
            return found
        return Reading(
            language=language_hint or self.language, intents=(), out_of_scope=True, model="scripted"
        )
