"""The reply templates in every language: the same replies as English, the same facts in each, no
figure of their own, and every one renders with typed sample facts and passes the grounding check.

A translation that drops a placeholder loses a fact the customer needs; one that adds a digit
would be refused at run time by the grounding check; one that renames a key makes the engine
raise. These tests catch all three before a customer does.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from ridgeline.assistant.replies import (
    LANGUAGES,
    PLACEHOLDER,
    ChoiceLabel,
    format_money,
    locale_for,
    render,
    templates,
    ungrounded_figures,
)
from ridgeline.assistant.turn import Say
from ridgeline.kit.money import Currency, Money
from ridgeline.policy import MARKETS

TRANSLATIONS = tuple(language for language in LANGUAGES if language != "en")
HOME_MARKET = {"en": "GB", "fr": "FR", "de": "DE", "sv": "SE", "es": "ES", "it": "IT"}

# Placeholder names by the kind of fact the engine passes for them (see records/tools/
# and records/views.py): money, calendar dates, whole numbers from the policy.
AMOUNTS = {
    "balance": 23456,
    "decision_amount": 89900,
    "excess": 1250,
    "ext_amount": 4999,
    "failed_amount": 3075,
    "fee_amount": 500,
    "late_fee": 500,
    "limit": 150000,
    "link_amount": 4999,
    "next_amount": 3075,
    "order_total": 12300,
    "overdue_amount": 3075,
    "payoff_interest": 187,
    "payoff_principal": 61413,
    "payoff_total": 61600,
    "refund_amount": 2999,
    "total_balance": 45678,
}
DATES = {
    "as_of": date(2026, 3, 10),
    "case_due": date(2026, 4, 7),
    "decision_date": date(2026, 2, 27),
    "evidence_due": date(2026, 3, 24),
    "from_date": date(2026, 3, 14),
    "merchant_due": date(2026, 3, 24),
    "next_date": date(2026, 3, 14),
    "overdue_date": date(2026, 2, 28),
    "placed_date": date(2026, 1, 31),
    "refund_date": date(2026, 3, 3),
    "retry_date": date(2026, 3, 12),
    "return_due": date(2026, 3, 31),
    "summary_due": date(2026, 3, 13),
    "to_date": date(2026, 3, 28),
}
WHOLE_NUMBERS = {
    "code_minutes": 10,
    "collections_days": 60,
    "cutoff_hours": 24,
    "hold_days": 7,
    "min_account_days": 42,
    "reporting_days": 30,
}
# Names, codes and already-formatted text; some hold digits on purpose, which the grounding check
# must accept because they come from records.
TEXTS: dict[str, Any] = {
    "apr": "19.90%",
    "case_status": "open",
    "contact_field": "phone",
    "contact_value": "+46 70 123 45 67",
    "decision_merchant": "Studio 54 Outlet",
    "decline_reason": "card_expired",
    "email": "anna.lind@example.com",
    "first_name": "Anna",
    "item": "Trail runners size 42",
    "last4": "4242",
    "merchant": "Nordic Shoes",
    "next_merchant": "Casa Verde",
    "plan_status": "paused",
    "reasons": ["high_existing_debt", "recent_missed_payments"],
}
# "options" has two shapes: numbered orders to choose from, or the last digits of cards.
OPTIONS_BY_KEY: dict[str, Any] = {
    "choose_order": "orders",
    "choose_card": ["4242", "1881"],
    "clarify": [[1, ChoiceLabel("next_payment")], [2, ChoiceLabel("amount_owed")]],
    "clarify_again": [[1, ChoiceLabel("report_return")], [2, ChoiceLabel("refund_status")]],
}


def currency(language: str) -> Currency:
    """Return the currency of the language's home market."""
    return Currency(MARKETS[HOME_MARKET[language]].currency)


def sample_facts(key: str, language: str) -> dict[str, Any]:
    """Return typed sample facts for every placeholder of a template."""
    market = MARKETS[HOME_MARKET[language]]
    money = currency(language)
    facts: dict[str, Any] = {}
    for name in PLACEHOLDER.findall(templates("en")[key]):
        if name in AMOUNTS:
            facts[name] = Money(AMOUNTS[name], money)
        elif name in DATES:
            facts[name] = DATES[name]
        elif name in WHOLE_NUMBERS:
            facts[name] = WHOLE_NUMBERS[name]
        elif name in TEXTS:
            facts[name] = TEXTS[name]
        elif name in ("ombudsman", "debt_advice"):
            facts[name] = getattr(market, name)
        elif name == "options" and OPTIONS_BY_KEY.get(key) == "orders":
            facts[name] = [
                ("1", "Nordic Shoes", "Trail runners", Money(12300, money)),
                ("2", "Casa Verde", "Linen sheets", Money(8950, money)),
            ]
        elif name == "options":
            facts[name] = OPTIONS_BY_KEY[key]
        elif name == "allocation":
            facts[name] = [
                (date(2026, 3, 14), Money(3075, money), Money(2075, money)),
                (date(2026, 3, 28), Money(3075, money), Money(2075, money)),
            ]
        elif name == "schedule":
            facts[name] = [
                (date(2026, 2, 14), Money(3075, money), "paid"),
                (date(2026, 2, 28), Money(3075, money), "overdue"),
                (date(2026, 3, 14), Money(3075, money), "scheduled"),
                (date(2026, 3, 28), Money(3075, money), "waived"),
            ]
        else:
            raise AssertionError(f"no sample fact for placeholder {name!r} of {key!r}")
    return facts


def placeholders(template: str) -> set[str]:
    """Return the set of placeholder names in a template."""
    return set(PLACEHOLDER.findall(template))


def render_cases() -> list[Any]:
    """Return one case per language and key."""
    return [
        pytest.param(language, key, id=f"{language}-{key}")
        for language in LANGUAGES
        for key in templates("en")
    ]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translation_has_exactly_the_english_keys(language: str) -> None:
    english, translated = set(templates("en")), set(templates(language))
    assert sorted(english - translated) == []
    assert sorted(translated - english) == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_each_template_keeps_the_english_placeholders(language: str) -> None:
    english, translated = templates("en"), templates(language)
    differing = {
        key: (placeholders(english[key]), placeholders(translated.get(key, "")))
        for key in english
        if placeholders(english[key]) != placeholders(translated.get(key, ""))
    }
    assert differing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_template_holds_a_figure_of_its_own(language: str) -> None:
    # Placeholder names may hold digits ("last4"); what they are replaced with is grounded.
    with_digits = {
        key: text
        for key, text in templates(language).items()
        if re.search(r"\d", PLACEHOLDER.sub("", text))
    }
    assert with_digits == {}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_no_template_is_left_in_english(language: str) -> None:
    english = templates("en")
    untranslated = [key for key, text in templates(language).items() if text == english.get(key)]
    assert untranslated == []


LOCAL_YES_NO = {
    "en": "(yes/no)",
    "fr": "(oui/non)",
    "de": "(ja/nein)",
    "sv": "(ja/nej)",
    "es": "(sí/no)",
    "it": "(sì/no)",
}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_same_replies_ask_for_a_yes_or_no_in_the_local_words(language: str) -> None:
    english = templates("en")
    asks = {key for key, text in english.items() if LOCAL_YES_NO["en"] in text}
    translated = templates(language)
    local = {key for key, text in translated.items() if LOCAL_YES_NO[language] in text}
    assert asks  # the English file does ask for confirmations
    assert local == asks
    assert not [key for key, text in translated.items() if LOCAL_YES_NO["en"] in text]


@pytest.mark.parametrize(
    ("language", "route", "ai"),
    [
        ("fr", "médiateur", "intelligence artificielle"),
        ("de", "Schlichtungsstelle", "KI-Assistent"),
        ("sv", "nämnd", "AI-assistent"),
        ("es", "servicio de reclamaciones", "inteligencia artificial"),
        ("it", "arbitro", "intelligenza artificiale"),
    ],
)
def test_the_legal_wording_is_in_the_local_terms(language: str, route: str, ai: str) -> None:
    # A complaint names the out-of-court route; the first message says the assistant is an AI.
    table = templates(language)
    assert route in table["complaint_opened"]
    assert "{ombudsman}" in table["complaint_opened"]
    assert ai in table["disclosure"]


@pytest.mark.parametrize(("language", "key"), render_cases())
def test_every_template_renders_with_only_grounded_figures(language: str, key: str) -> None:
    locale = locale_for(language, HOME_MARKET[language])
    rendered = render(Say(key, sample_facts(key, language)), language, locale)
    assert "{" not in rendered.text and "}" not in rendered.text
    assert ungrounded_figures(rendered.text, rendered.grounded) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_field_and_reason_codes_render_in_the_customer_language(language: str) -> None:
    table = templates(language)
    locale = locale_for(language, HOME_MARKET[language])
    status = render(
        Say("order_not_eligible", sample_facts("order_not_eligible", language)), language, locale
    )
    assert table["status.paused"] in status.text
    contact = render(Say("contact_done", sample_facts("contact_done", language)), language, locale)
    assert table["field.phone"] in contact.text
    declined = render(
        Say("declined_purchase", sample_facts("declined_purchase", language)), language, locale
    )
    assert table["reason.high_existing_debt"] in declined.text
    assert table["reason.recent_missed_payments"] in declined.text


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_schedule_lists_its_dates_and_amounts_in_the_local_format(language: str) -> None:
    locale = locale_for(language, HOME_MARKET[language])
    facts = sample_facts("payment_schedule", language)
    text = render(Say("payment_schedule", facts), language, locale).text
    assert format_money(facts["balance"], locale) in text
    assert text.count("\n•") == len(facts["schedule"])
    assert templates(language)["status.overdue"] in text


def test_swedish_kronor_are_formatted_for_sweden() -> None:
    locale = locale_for("sv", "SE")
    assert locale == "sv_SE"
    # Babel separates the amount and the currency with a no-break space.
    assert format_money(Money(34900, Currency.SEK), locale) == "349,00\u00a0kr"


def test_euros_are_formatted_for_germany() -> None:
    locale = locale_for("de", "DE")
    assert locale == "de_DE"
    assert format_money(Money(12000, Currency.EUR), locale) == "120,00\u00a0€"


def test_a_language_outside_its_market_keeps_its_home_formats() -> None:
    # A French speaker in Germany reads French dates and amounts, not German ones.
    assert locale_for("fr", "DE") == "fr_FR"
