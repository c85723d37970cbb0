"""Dates in customer messages, absolute or relative to the sandbox's today, in six languages.

Handled: ISO dates ("2026-03-15"); day-first numeric dates ("15/03/2026", "15.03.", "15/3");
day and month name ("27 February", "March 15", "le 15 mars", "15. März", "15 de marzo"); a day of
the month alone ("the 15th", "le 15", "am 15.", "den 15:e", "el 15", "il 15"): the next such
day from today; today, tomorrow, yesterday and the day after tomorrow; weekdays ("next
Friday", "vendredi prochain", "nächsten Freitag", "på fredag", "el viernes"): the first such
day after today; and "in N days/weeks". A date without a year takes the year that puts it
nearest to today. `today` always comes from the caller (the sandbox clock).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ridgeline.understanding.entities.vocabulary import (
    DAY_WORDS,
    MONTHS,
    NUMBER_WORDS,
    UNIT_DAYS,
    WEEKDAYS,
)


def _nearest_year(today: date, month: int, day: int) -> date | None:
    best: date | None = None
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - today).days) < abs((best - today).days):
            best = candidate
    return best


def _next_day_of_month(today: date, day: int) -> date | None:
    for offset in range(0, 3):
        month = (today.month - 1 + offset) % 12 + 1
        year = today.year + (today.month - 1 + offset) // 12
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_DAYWORD_ALT = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
_NUMWORD_ALT = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_UNIT_ALT = "|".join(sorted(UNIT_DAYS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|er|e|:e|:a|º|°|\.)?"

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?(?![\d/]|[.,]\d)")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}){_ORD}\s*(?:of\s+|de\s+|di\s+)?({_MONTH_ALT})\b\.?(?:\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE
)
_DAY_ALONE = re.compile(
    r"\bthe\s+(?P<en>\d{1,2})(?:st|nd|rd|th)\b"
    r"|\b(?:on the|le|am|den|el|il|día|dia|au|bis zum|till den|al|entro il)\s+(?P<other>\d{1,2})"
    r"(?:st|nd|rd|th|er|e|:e|:a|\.)?(?!\s*[/.:,]?\s*\d)"
    r"(?!\s*(?:%|€|£|kr|euros?|days?|jours?|tage?n?|dagar|días|giorni|minutes?|mins?)\b)",
    re.IGNORECASE,
)
_DAYWORD = re.compile(rf"(?<![\w-])({_DAYWORD_ALT})(?![\w-])", re.IGNORECASE)
_WEEKDAY = re.compile(rf"(?<!\w)({_WEEKDAY_ALT})(?!\w)", re.IGNORECASE)
_IN_UNITS = re.compile(
    rf"\b(?:in|dans|om|en|tra|fra|innerhalb von|within)\s+(\d+|{_NUMWORD_ALT})\s+({_UNIT_ALT})\b",
    re.IGNORECASE,
)
# "Guten Morgen" (good morning) and "por la mañana" (in the morning) are not tomorrow.
_NOT_TOMORROW = re.compile(r"\b(guten|good|schönen)\s+morgen\b|\bla\s+mañana\b", re.IGNORECASE)


def extract_dates(text: str, *, today: date) -> tuple[date, ...]:
    """Return the dates mentioned in `text`, in order of appearance, without repeats."""
    spans: list[tuple[int, int, date]] = []

    def add(start: int, end: int, value: date | None) -> None:
        if value is None:
            return
        if any(s < end and start < e for s, e, _ in spans):
            return
        spans.append((start, end, value))

    for m in _ISO.finditer(text):
        try:
            add(m.start(), m.end(), date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            continue
    for m in _DAY_MONTH.finditer(text):
        month = MONTHS[m[2].lower()]
        if m[3]:
            try:
                add(m.start(), m.end(), date(int(m[3]), month, int(m[1])))
            except ValueError:
                continue
        else:
            add(m.start(), m.end(), _nearest_year(today, month, int(m[1])))
    for m in _MONTH_DAY.finditer(text):
        month = MONTHS[m[1].lower()]
        if m[3]:
            try:
                add(m.start(), m.end(), date(int(m[3]), month, int(m[2])))
            except ValueError:
                continue
        else:
            add(m.start(), m.end(), _nearest_year(today, month, int(m[2])))
    for m in _NUMERIC.finditer(text):
        day, month = int(m[1]), int(m[2])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if m[3]:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            try:
                add(m.start(), m.end(), date(year, month, day))
            except ValueError:
                continue
        else:
            add(m.start(), m.end(), _nearest_year(today, month, day))
    for m in _DAY_ALONE.finditer(text):
        group = "en" if m["en"] else "other"
        day = int(m[group])
        if 1 <= day <= 31:
            add(m.start(group), m.end(), _next_day_of_month(today, day))
    blocked = [(m.start(), m.end()) for m in _NOT_TOMORROW.finditer(text)]
    for m in _DAYWORD.finditer(text):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        add(m.start(), m.end(), today + timedelta(days=DAY_WORDS[m[1].lower()]))
    for m in _WEEKDAY.finditer(text):
        target = WEEKDAYS[m[1].lower()]
        ahead = (target - today.weekday() - 1) % 7 + 1
        add(m.start(), m.end(), today + timedelta(days=ahead))
    for m in _IN_UNITS.finditer(text):
        raw = m[1].lower()
        count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        add(m.start(), m.end(), today + timedelta(days=count * UNIT_DAYS[m[2].lower()]))

    ordered: list[date] = []
    for _, _, value in sorted(spans, key=lambda s: s[0]):
        if value not in ordered:
            ordered.append(value)
    return tuple(ordered)
