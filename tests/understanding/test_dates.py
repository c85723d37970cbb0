"""Dates, absolute and relative to the caller's today, in the six languages."""

from __future__ import annotations

from datetime import date

import pytest

from ridgeline.understanding.entities.dates import extract_dates

TODAY = date(2026, 3, 10)  # a Tuesday, the scenarios' sandbox day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can you move my payment to next Friday?", date(2026, 3, 13)),
        ("the instalment that was due on 27 February", date(2026, 2, 27)),
        ("change my payment date to the 15th", date(2026, 3, 15)),
        ("I sent it back yesterday", date(2026, 3, 9)),
        ("pay on 2026-04-01", date(2026, 4, 1)),
        ("le 15 svp", date(2026, 3, 15)),
        ("vendredi prochain", date(2026, 3, 13)),
        ("payé le 15 mars", date(2026, 3, 15)),
        ("dans deux semaines", date(2026, 3, 24)),
        ("am 15. bitte", date(2026, 3, 15)),
        ("nächsten Freitag zahlen", date(2026, 3, 13)),
        ("Guten Morgen, kann ich morgen zahlen?", date(2026, 3, 11)),
        ("bis zum 5. April", date(2026, 4, 5)),
        ("kan ni flytta till den 25:e", date(2026, 3, 25)),
        ("kan jag betala på fredag", date(2026, 3, 13)),
        ("om två veckor", date(2026, 3, 24)),
        ("el 15 de marzo", date(2026, 3, 15)),
        ("pago el viernes que viene", date(2026, 3, 13)),
        ("mañana", date(2026, 3, 11)),
        ("il 15", date(2026, 3, 15)),
        ("venerdì prossimo", date(2026, 3, 13)),
        ("15/03/2026", date(2026, 3, 15)),
    ],
)
def test_date_resolved_from_today(text: str, expected: date) -> None:
    assert extract_dates(text, today=TODAY) == (expected,)


def test_day_of_month_already_past_means_next_month() -> None:
    assert extract_dates("on the 5th", today=TODAY) == (date(2026, 4, 5),)


def test_year_is_the_nearest_to_today() -> None:
    assert extract_dates("due on 20 December", today=date(2026, 1, 5)) == (date(2025, 12, 20),)


def test_greetings_and_counts_are_not_dates() -> None:
    assert extract_dates("Guten Morgen", today=TODAY) == ()
    assert extract_dates("the 3 instalments", today=TODAY) == ()
    assert extract_dates("buenas, por la mañana", today=TODAY) == ()
