"""Step types of dialogue flows, one module each; `RUNNERS` maps a step type to its runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ridgeline.assistant.steps import (
    act,
    ask,
    check,
    confirm,
    handoff,
    lookup,
    reply,
    select_card,
    select_fee,
    select_order,
)
from ridgeline.assistant.turn import Outcome, Turn

RUNNERS: dict[str, Callable[[Any, Turn], Outcome]] = {
    "select_order": select_order.run,
    "select_fee": select_fee.run,
    "select_card": select_card.run,
    "ask": ask.run,
    "lookup": lookup.run,
    "check": check.run,
    "confirm": confirm.run,
    "act": act.run,
    "reply": reply.run,
    "handoff": handoff.run,
}
