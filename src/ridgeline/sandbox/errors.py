"""Errors of fixture loading."""

from __future__ import annotations

from ridgeline.kit.errors import InvalidInputError


class FixtureError(InvalidInputError):
    """A fixture document is inconsistent; the message names the record. Nothing was written."""

    code = "invalid_fixture"
