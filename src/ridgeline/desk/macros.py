"""Reply macros: texts an agent inserts into a reply, with placeholders filled from the records.

The desk ships macros in the six languages of the replies (`desk/macros/<language>.yaml`, one
key per macro); the staff add their own (table `desk_macros`), with a text per language. A text
may hold only the placeholders of `PLACEHOLDERS`: a macro with any other is refused when it is
written, naming the unknown one, so a macro never reaches a customer with a gap or a guess in
it. Filling reads the customer's records: money and dates are formatted for the customer's
language and market like the assistant's replies; a placeholder the records cannot fill (no
instalment left for `{next_amount}`) refuses the macro, and so does a macro without a text in
the conversation's language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import format_date

from ridgeline.assistant.replies import LANGUAGES, format_money, locale_for
from ridgeline.assistant.views import CustomerView, OrderView
from ridgeline.audit.service import record
from ridgeline.context import ServiceContext
from ridgeline.desk import repository
from ridgeline.desk.models import Macro
from ridgeline.desk.routing import Staff
from ridgeline.kit.errors import InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.kit.language_files import texts
from ridgeline.kit.money import Currency, Money

#: The placeholders a macro may use, with what fills them.
PLACEHOLDERS: dict[str, str] = {
    "customer_name": "the customer's full name",
    "customer_first_name": "the customer's first name",
    "agent_name": "your name",
    "order_id": "the order's id",
    "merchant": "the order's merchant",
    "next_amount": "the order's next instalment",
    "next_date": "the date the next instalment is due",
    "amount_owed": "what is still owed on the order",
    "debt_advice": "the free debt advice of the customer's market",
    "ombudsman": "the ombudsman of the customer's market",
}
MAX_TEXT = 2000
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "sv": "Swedish",
    "es": "Spanish",
    "it": "Italian",
}


@dataclass(frozen=True)
class MacroText:
    """A macro as the desk offers it: shipped with the desk or written by the staff."""

    id: str
    title: str
    texts: Mapping[str, str]
    builtin: bool
    created_by: str | None = None


@cache
def builtins() -> tuple[MacroText, ...]:
    """Return the macros shipped with the desk (read and checked once)."""
    table = texts("ridgeline.desk", "macros", LANGUAGES)
    keys = list(table["en"])
    return tuple(
        MacroText(
            id=key,
            title=key.replace("_", " ").capitalize(),
            texts={language: table[language][key] for language in LANGUAGES},
            builtin=True,
        )
        for key in keys
    )


def placeholders_of(text: str) -> list[str]:
    """Return the placeholders of a text in order, or raise on braces that are not one."""
    found: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise InvalidInputError(
            f"a brace that opens no placeholder ({exc}); write placeholders as {{name}}"
        ) from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise InvalidInputError(
                f"{{{name}}} is not a placeholder; write placeholders as {{name}}"
            )
        found.append(name)
    return found


def check_text(text: str) -> None:
    """Refuse a macro text with an unknown or malformed placeholder, naming it."""
    unknown = [name for name in placeholders_of(text) if name not in PLACEHOLDERS]
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise InvalidInputError(
            f"unknown placeholder {', '.join('{' + n + '}' for n in dict.fromkeys(unknown))}: "
            f"a macro may use {known}"
        )


def all_macros(ctx: ServiceContext) -> list[MacroText]:
    """Return the shipped macros, then the staff's by title."""
    own = [
        MacroText(m.id, m.title, dict(m.texts), builtin=False, created_by=m.created_by)
        for m in repository.macros(ctx.session)
    ]
    return [*builtins(), *own]


def get(ctx: ServiceContext, macro_id: str) -> MacroText:
    """Return a macro by id, or raise NotFoundError."""
    found = next((m for m in all_macros(ctx) if m.id == macro_id), None)
    if found is None:
        raise NotFoundError("macro", macro_id)
    return found


def create(ctx: ServiceContext, staff: Staff, title: str, by_language: Mapping[str, str]) -> Macro:
    """Save a macro of the staff, refusing unknown languages and placeholders."""
    title = title.strip()
    if not title:
        raise InvalidInputError("a macro needs a title")
    cleaned = {lang: text.strip() for lang, text in by_language.items() if text.strip()}
    if not cleaned:
        raise InvalidInputError("a macro needs a text in at least one language")
    for language, text in cleaned.items():
        if language not in LANGUAGES:
            raise InvalidInputError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
        if len(text) > MAX_TEXT:
            raise InvalidInputError(f"a macro text has at most {MAX_TEXT} characters")
        check_text(text)
    if any(m.title.lower() == title.lower() for m in all_macros(ctx)):
        raise RuleRefusedError("macro_title_taken", f"a macro called {title!r} already exists")
    macro = Macro(
        id=new_id("MACRO"),
        title=title,
        texts=cleaned,
        created_by=staff.id,
        created_at=ctx.now(),
    )
    ctx.session.add(macro)
    ctx.session.flush()
    record(
        ctx,
        "macro.created",
        "macro",
        macro.id,
        customer_id=None,
        after={"title": title, "languages": sorted(cleaned)},
    )
    return macro


def delete(ctx: ServiceContext, staff: Staff, macro_id: str) -> None:
    """Delete a macro of the staff (its author or a supervisor); shipped ones stay."""
    macro = ctx.session.get(Macro, macro_id)
    if macro is None:
        if any(m.id == macro_id for m in builtins()):
            raise RuleRefusedError("builtin_macro", "the desk's own macros cannot be deleted")
        raise NotFoundError("macro", macro_id)
    if macro.created_by != staff.id and not staff.supervises:
        raise RuleRefusedError("not_your_macro", "only its author or a supervisor may delete it")
    ctx.session.delete(macro)
    ctx.session.flush()
    record(ctx, "macro.deleted", "macro", macro_id, customer_id=None, before={"title": macro.title})


def pick_order(view: CustomerView, order_id: str | None) -> OrderView | None:
    """Return the order a macro speaks of.

    The one named, else the one whose next instalment falls due first, else the newest.
    """
    if order_id:
        found = view.order(order_id)
        if found is None:
            raise NotFoundError("order", order_id)
        return found
    due = [o for o in view.orders if o.unpaid]
    if due:
        return min(due, key=lambda o: min(i.due_date for i in o.unpaid))
    return max(view.orders, key=lambda o: o.placed_at, default=None)


def facts(
    view: CustomerView, language: str, agent_name: str, order: OrderView | None
) -> dict[str, str | None]:
    """Return each placeholder's text from the records (None where the records have none)."""
    locale = locale_for(language, view.market)
    market = view.market_facts
    found: dict[str, str | None] = {
        "customer_name": view.name,
        "customer_first_name": view.name.split()[0] if view.name.split() else view.name,
        "agent_name": agent_name,
        "order_id": order.id if order else None,
        "merchant": order.merchant if order else None,
        "next_amount": None,
        "next_date": None,
        "amount_owed": None,
        "debt_advice": market.get("debt_advice"),
        "ombudsman": market.get("ombudsman"),
    }
    if order is not None:
        currency = Currency(order.currency)
        unpaid = sorted(order.unpaid, key=lambda i: i.due_date)
        if unpaid:
            found["next_amount"] = format_money(Money(unpaid[0].amount, currency), locale)
            found["next_date"] = _date(unpaid[0].due_date, locale)
            found["amount_owed"] = format_money(Money(order.balance, currency), locale)
    return found


def _date(day: date, locale: str) -> str:
    return str(format_date(day, format="long", locale=locale))


def fill(macro: MacroText, language: str, values: Mapping[str, str | None]) -> str:
    """Return the macro's text in `language` with its placeholders filled, or refuse it."""
    text = macro.texts.get(language)
    if text is None:
        name = LANGUAGE_NAMES.get(language, language)
        raise RuleRefusedError(
            "macro_language_missing", f"the macro {macro.title!r} has no {name} text"
        )
    check_text(text)
    missing = [n for n in placeholders_of(text) if not values.get(n)]
    if missing:
        raise RuleRefusedError(
            "placeholder_unfilled",
            f"the records have nothing for {', '.join('{' + n + '}' for n in missing)} "
            f"({'; '.join(PLACEHOLDERS[n] for n in missing)}): the macro was not inserted",
        )
    return text.format_map({n: values[n] for n in placeholders_of(text)})


def language_list(macro: MacroText) -> Sequence[str]:
    """Return the languages a macro has a text in, in the replies' order."""
    return [language for language in LANGUAGES if language in macro.texts]
