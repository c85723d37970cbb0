"""Reply suggestions for an agent, drafted by the assistant from the customer's records.

Each suggestion is rendered from the assistant's reply templates with facts read from the
records (the next instalment of each open plan, open cases), and kept only if every figure in
it is one of those facts: an agent is never offered a number that came from nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from ridgeline.assistant.replies import locale_for, render, ungrounded_figures
from ridgeline.assistant.turn import Say
from ridgeline.assistant.views import CustomerView
from ridgeline.kit.money import Currency, Money

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Suggestion:
    """A draft reply and the record it came from."""

    text: str
    source: str


def _template_language(language: str) -> str:
    folder = resources.files("ridgeline.assistant.templates")
    return language if folder.joinpath(f"{language}.yaml").is_file() else "en"


def suggest(view: CustomerView, language: str) -> list[Suggestion]:
    """Return grounded draft replies about the customer's open plans."""
    lang = _template_language(language)
    locale = locale_for(lang, view.market)
    found: list[Suggestion] = []
    for order in view.orders:
        unpaid = sorted(order.unpaid, key=lambda i: i.due_date)
        if not unpaid:
            continue
        nxt = unpaid[0]
        say = Say(
            "next_payment",
            {
                "next_amount": Money(nxt.amount, Currency(order.currency)),
                "next_date": nxt.due_date,
                "next_merchant": order.merchant,
            },
        )
        rendered = render(say, lang, locale)
        if not ungrounded_figures(rendered.text, rendered.grounded):
            found.append(Suggestion(rendered.text, f"order {order.id}"))
        if len(found) >= MAX_SUGGESTIONS:
            break
    return found
