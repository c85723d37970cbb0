"""Structured logs with stable dotted event names (`assistant.turn.handoff`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_logger = logging.getLogger("ridgeline")
_held: ContextVar[list[str] | None] = ContextVar("held_log_lines", default=None)


def log_event(event: str, **fields: Any) -> None:
    """Write one structured log line for `event` with its fields."""
    line = json.dumps({"event": event, **fields}, default=str, ensure_ascii=False)
    held = _held.get()
    if held is not None:
        held.append(line)
    else:
        _logger.info(line)


class HeldLogs:
    """Log lines of work that may be thrown away: written only if the work is kept."""

    def __init__(self) -> None:
        """Start with no held lines."""
        self.lines: list[str] = []

    def write(self) -> None:
        """Write the held lines (once)."""
        for line in self.lines:
            _logger.info(line)
        self.lines = []


@contextmanager
def held_logs() -> Iterator[HeldLogs]:
    """Hold the log events of this block instead of writing them."""
    held = HeldLogs()
    token = _held.set(held.lines)
    try:
        yield held
    finally:
        _held.reset(token)
