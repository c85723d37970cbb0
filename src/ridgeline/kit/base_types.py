"""Small structural types shared across layers."""

from __future__ import annotations

from typing import Protocol


class HasId(Protocol):
    """Anything with a string id."""

    @property
    def id(self) -> str:
        """Return the record's id."""
        ...
