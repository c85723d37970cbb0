"""One unit per figure, money in major units of its currency, and neutral marks for the same."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ridgeline.analytics.units import (
    FIGURES,
    Trend,
    Unit,
    currency_digits,
    exported,
    in_unit,
    trend,
    trends,
)
from ridgeline.metrics import CostModel, headline
from ridgeline.metrics.table import ContactTable


def test_every_headline_figure_has_one_unit() -> None:
    cost = CostModel(4000, 0.25, 50)
    keys = set(headline(ContactTable.from_rows([]), cost, productive_hours_per_fte=1.0))
    assert keys <= set(FIGURES)
    assert FIGURES["revenue_per_employee"].unit == "money"
    assert {FIGURES[k].unit for k in keys if k.endswith("_s")} == {"minutes"}


@pytest.mark.parametrize(
    ("value", "unit", "currency", "shown"),
    [
        (0.4567, "percent", "USD", Decimal("45.7")),
        (90.0, "minutes", "USD", Decimal("1.5")),
        (30.0, "minutes", "USD", Decimal("0.5")),
        (1234.5, "money", "USD", Decimal("12.35")),
        (1234.0, "money", "SEK", Decimal("12.34")),
        (1523.0, "count", "USD", Decimal("1523")),
        (4.256, "score", "USD", Decimal("4.26")),
    ],
)
def test_a_figure_is_shown_in_its_unit(
    value: float, unit: Unit, currency: str, shown: Decimal
) -> None:
    assert in_unit(value, unit, currency) == shown


def test_the_csv_writes_plain_decimals_with_the_currencys_digits() -> None:
    assert exported(123456.0, "money", "EUR") == "1234.56"
    assert exported(0.123456, "percent", "EUR") == "12.35"
    assert exported(125.0, "minutes", "EUR") == "2.08"
    assert exported(None, "percent", "EUR") == ""
    assert currency_digits("EUR") == 2
    assert currency_digits("XYZ") == 2  # unknown: two decimals


def test_values_equal_as_shown_are_unchanged_and_neutral() -> None:
    # 45.31% and 45.29% both read 45.3%: no arrow, no colour
    assert trend("automation_rate", 0.4531, 0.4529, "USD") == Trend("same", "neutral")
    assert trend("automation_rate", 0.46, 0.45, "USD") == Trend("up", "better")
    assert trend("abandonment_rate", 0.06, 0.05, "USD") == Trend("up", "worse")
    assert trend("cost_per_contact", 310.0, 320.0, "USD") == Trend("down", "better")
    assert trend("cost_per_contact", 320.2, 319.9, "USD") == Trend("same", "neutral")  # 3.20
    assert trend("contacts", 120.0, 100.0, "USD") == Trend("up", "neutral")  # neither is better
    assert trend("contacts", 100.0, None, "USD") is None


def test_trends_are_json_for_every_headline_figure() -> None:
    out = trends({"contacts": 5.0, "handoff_rate": 0.2}, {"contacts": 5.0}, "USD")
    assert out == {"contacts": {"direction": "same", "verdict": "neutral"}, "handoff_rate": None}
