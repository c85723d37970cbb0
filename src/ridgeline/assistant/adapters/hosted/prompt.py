"""Render the hosted model's prompt from its versioned template file, `prompt.yaml`.

The system message (the flows with a line each and their slots, the handoff reasons, the
command format) is the same for every turn, so it is rendered once and a server that caches
prompt prefixes can reuse it. The user message carries the turn: the conversation's state, what
the assistant waits for, the customer's orders (ids, merchants, items, dates and amounts), the
help-centre articles retrieved for the message if any, and the message itself with contact
details taken out (`redact.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import yaml

from ridgeline.assistant.flows.schema import SelectOrder, catalogue
from ridgeline.assistant.read_context import OrderLine, ReadContext
from ridgeline.kit.money import Currency, Money
from ridgeline.policy import HANDOFF_REASONS

_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # noqa: S701 - a prompt for a model, not HTML
)


@dataclass(frozen=True)
class Article:
    """A help-centre article retrieved for a message: what the model may answer from."""

    article_id: str
    title: str


@dataclass(frozen=True)
class PromptFile:
    """The parsed template file."""

    version: str
    flows: dict[str, str]
    system: jinja2.Template
    user: jinja2.Template
    waiting: dict[str, jinja2.Template]


@cache
def prompt_file() -> PromptFile:
    """Load the template file shipped with the package (once)."""
    raw = yaml.safe_load(
        resources.files("ridgeline.assistant.adapters.hosted")
        .joinpath("prompt.yaml")
        .read_text(encoding="utf-8")
    )
    return PromptFile(
        version=str(raw["version"]),
        flows={str(k): str(v) for k, v in raw["flows"].items()},
        system=_ENV.from_string(raw["system"]),
        user=_ENV.from_string(raw["user"]),
        waiting={str(k): _ENV.from_string(str(v)) for k, v in raw["waiting"].items()},
    )


def offered_flows() -> tuple[str, ...]:
    """Return the flows a model may start: every catalogue flow that reports its own intent."""
    return tuple(name for name, flow in catalogue().flows.items() if flow.reports is None)


def flow_slots(name: str) -> tuple[str, ...]:
    """Return the slots a model may fill for a flow (the order, for a flow that picks one)."""
    steps = catalogue().flows[name].steps
    return ("order_id",) if any(isinstance(s, SelectOrder) for s in steps) else ()


@cache
def system_message() -> str:
    """Return the system message (the same for every turn)."""
    file = prompt_file()
    flows = [
        {"name": name, "description": file.flows[name], "slots": flow_slots(name)}
        for name in offered_flows()
    ]
    return file.system.render(flows=flows, reasons=HANDOFF_REASONS).strip()


def _major(amount: int | None, currency: str) -> str:
    if amount is None:
        return ""
    try:
        return Money(amount, Currency(currency)).major()
    except ValueError:
        return f"{amount / 100:.2f}"


def _order(o: OrderLine) -> dict[str, Any]:
    return {
        "order_id": o.order_id,
        "merchant": o.merchant,
        "goods": o.items,
        "placed_on": o.placed_on.isoformat(),
        "total": _major(o.total, o.currency),
        "currency": o.currency,
        "product": o.product,
        "plan_status": o.plan_status,
        "balance": _major(o.balance, o.currency),
        "next_due": o.next_due.isoformat() if o.next_due else None,
        "next_amount": _major(o.next_amount, o.currency),
    }


def waiting_for(context: ReadContext) -> str:
    """Return what the assistant waits for, in the prompt's words."""
    key = (context.awaiting or "none").split(":", 1)[0]
    template = prompt_file().waiting.get(key, prompt_file().waiting["none"])
    return template.render(choices=context.choices, offered=context.offered or "").strip()


def user_message(
    message: str,
    context: ReadContext,
    today: date,
    articles: Sequence[Article] = (),
    history: Sequence[tuple[str, str]] = (),
) -> str:
    """Return the turn's user message (`message` and `history` already without contacts)."""
    return prompt_file().user.render(
        history=list(history),
        flow=context.flow,
        order_id=context.order_id,
        slots=context.slots,
        turns=context.turns,
        last_intent=context.last_intent,
        pending=context.pending,
        waiting=waiting_for(context),
        orders=[_order(o) for o in context.orders],
        articles=list(articles),
        today=today.isoformat(),
        message=message,
    )


def messages(
    message: str,
    context: ReadContext,
    today: date,
    articles: Sequence[Article] = (),
    history: Sequence[tuple[str, str]] = (),
) -> list[dict[str, str]]:
    """Return the Chat Completions messages of a turn."""
    return [
        {"role": "system", "content": system_message()},
        {"role": "user", "content": user_message(message, context, today, articles, history)},
    ]
