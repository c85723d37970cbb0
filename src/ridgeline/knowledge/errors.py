"""Errors of the help centre, in domain words (HTTP codes are mapped in `http/errors.py`)."""

from __future__ import annotations

from ridgeline.kit.errors import InvalidInputError


class ArticleInputError(InvalidInputError):
    """An article or a search is refused; the message starts with the field at fault."""

    code = "invalid_article"

    def __init__(self, field: str, message: str) -> None:
        """Name the refused `field` and say why."""
        super().__init__(f"{field}: {message}")
        self.field = field
