"""The command interface."""

from __future__ import annotations

from typing import Protocol

from ridgeline.assistant.turn import Turn


class Command(Protocol):
    """One thing the engine does with a message. Persisted names are pinned by tests."""

    @property
    def name(self) -> str:
        """Return the persisted name of the command type."""
        ...

    def apply(self, turn: Turn) -> None:
        """Change the conversation state; the engine then runs the flow in progress."""
        ...
