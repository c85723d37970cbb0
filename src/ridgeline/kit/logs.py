"""Structured logs with stable dotted event names (`assistant.turn.handoff`)."""

from __future__ import annotations

import json
import logging
from typing import Any

_logger = logging.getLogger("ridgeline")


def log_event(event: str, **fields: Any) -> None:
    """Write one structured log line for `event` with its fields."""
    _logger.info(json.dumps({"event": event, **fields}, default=str, ensure_ascii=False))
