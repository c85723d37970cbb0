"""What each dashboard figure is measured in, which way is better, and how a change is marked.

The figures are computed in the metric dictionary's units: shares in 0..1, times in seconds,
money in minor units of the cost model's currency. A supervisor reads each figure in one unit
only, the same on a card, its previous value, its chart, the breakdown table and the CSV:

- shares as percent, times in minutes (never seconds for one figure and minutes for another),
  money in major units of the currency (as many decimals as the currency has minor units),
  counts as whole numbers, the satisfaction score on its scale, work as full-time people.

A change against the previous period is judged on the figure as shown (rounded to its unit's
display precision), so two values that read the same get a neutral mark, never an arrow.
This table is the one home of the figures' units and directions: the page, the CSV and the JSON
all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ridgeline.kit.money import MINOR_UNITS, Currency
from ridgeline.metrics.table import PATHS as PATHS  # the paths a contact takes, named here too

Unit = Literal["count", "percent", "minutes", "money", "score", "people"]
Direction = Literal["up", "down", "same"]
Verdict = Literal["better", "worse", "neutral"]

#: Decimals a figure is shown with, per unit (money: the currency's minor units).
SHOWN_DIGITS: dict[Unit, int] = {
    "count": 0,
    "percent": 1,
    "minutes": 1,
    "score": 2,
    "people": 1,
}
#: Decimals a figure is exported with (money: the currency's minor units).
EXPORT_DIGITS: dict[Unit, int] = {
    "count": 0,
    "percent": 2,
    "minutes": 2,
    "score": 2,
    "people": 2,
}


@dataclass(frozen=True)
class Figure:
    """How a figure is read: its unit, and whether higher is better (1), worse (-1) or neither."""

    unit: Unit
    better: Literal[-1, 0, 1]


#: Every headline figure, in the order the dashboard shows them.
FIGURES: dict[str, Figure] = {
    "contacts": Figure("count", 0),
    "automation_rate": Figure("percent", 1),
    "resolution_rate": Figure("percent", 1),
    "durable_resolution_rate": Figure("percent", 1),
    "repeat_contact_rate": Figure("percent", -1),
    "handoff_rate": Figure("percent", 0),
    "necessary_handoff_share": Figure("percent", 1),
    "abandonment_rate": Figure("percent", -1),
    "time_to_resolution_p50_s": Figure("minutes", -1),
    "time_to_resolution_p90_s": Figure("minutes", -1),
    "time_to_human_p50_s": Figure("minutes", -1),
    "time_to_human_p90_s": Figure("minutes", -1),
    "csat_positive_share": Figure("percent", 1),
    "csat_mean": Figure("score", 1),
    "csat_response_rate": Figure("percent", 0),
    "complaint_rate": Figure("percent", -1),
    "complaint_upheld_share": Figure("percent", -1),
    "cost_per_contact": Figure("money", -1),
    "cost_per_resolved_contact": Figure("money", -1),
    "assistant_fte_equivalent": Figure("people", 0),
    "revenue_per_employee": Figure("money", 1),
}


def currency_digits(currency: str) -> int:
    """Return the decimals of a currency's major unit (2 for one Ridgeline does not know)."""
    try:
        return MINOR_UNITS[Currency(currency)]
    except ValueError:
        return 2


def in_unit(value: float | None, unit: Unit, currency: str, digits: int | None = None) -> Decimal:
    """Return a figure in its shown unit, rounded half up to `digits` (default: as shown).

    Shares become percent, seconds minutes, minor units major units of `currency`.

    Raises:
        ValueError: when `value` is None (a figure that cannot be computed has no unit).
    """
    if value is None:
        raise ValueError("a missing figure has no value to convert")
    number = Decimal(float(value))  # the exact double, as a browser rounds it
    if unit == "percent":
        number *= 100
    elif unit == "minutes":
        number /= 60
    elif unit == "money":
        number /= Decimal(10) ** currency_digits(currency)
    places = digits
    if places is None:
        places = currency_digits(currency) if unit == "money" else SHOWN_DIGITS[unit]
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def exported(value: float | None, unit: Unit, currency: str) -> str:
    """Return a figure as the CSV writes it: plain decimal text in its unit, "" when missing."""
    if value is None:
        return ""
    digits = currency_digits(currency) if unit == "money" else EXPORT_DIGITS[unit]
    return str(in_unit(value, unit, currency, digits))


@dataclass(frozen=True)
class Trend:
    """How a figure moved from the previous period, as read on the page."""

    direction: Direction
    verdict: Verdict


def trend(key: str, value: float | None, before: float | None, currency: str) -> Trend | None:
    """Return the move of figure `key` from `before` to `value` (None if either is missing).

    Values equal once rounded as shown are "same" and neutral; a move of a figure with no
    better direction is neutral too.
    """
    if value is None or before is None:
        return None
    figure = FIGURES[key]
    now, then = in_unit(value, figure.unit, currency), in_unit(before, figure.unit, currency)
    if now == then:
        return Trend("same", "neutral")
    direction: Direction = "up" if now > then else "down"
    if figure.better == 0:
        return Trend(direction, "neutral")
    rising_is_better = figure.better > 0
    return Trend(direction, "better" if (direction == "up") == rising_is_better else "worse")


def trends(
    headline: dict[str, float | None], previous: dict[str, float | None], currency: str
) -> dict[str, dict[str, str] | None]:
    """Return each headline figure's trend as JSON (`direction`, `verdict`), None without one."""
    out: dict[str, dict[str, str] | None] = {}
    for key, value in headline.items():
        moved = trend(key, value, previous.get(key), currency) if key in FIGURES else None
        out[key] = (
            None if moved is None else {"direction": moved.direction, "verdict": moved.verdict}
        )
    return out
