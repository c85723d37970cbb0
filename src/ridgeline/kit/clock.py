"""One clock for the whole product, so a sandbox or a test can freeze or set time.

Every rule that depends on "now" asks a `Clock`; nothing calls `datetime.now()` directly.
All times are timezone-aware UTC.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tell the current time."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC."""
        ...


def ensure_utc(moment: datetime) -> datetime:
    """Return `moment` in UTC; reject naive datetimes, which have no meaning here."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: a time must carry its zone")
    return moment.astimezone(UTC)


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """Return the wall-clock time in UTC."""
        return datetime.now(UTC)


class SettableClock:
    """A clock that runs from a set moment, or stands still when frozen.

    The sandbox sets it from a fixture's `now`; after that it advances with real time unless
    frozen, so conversations in a scenario keep a consistent "today".
    """

    def __init__(self, start: datetime | None = None, *, frozen: bool = True) -> None:
        """Start the clock at `start` (default: now), frozen unless told otherwise."""
        self._lock = threading.Lock()
        self._frozen = frozen
        self._base = ensure_utc(start) if start else datetime.now(UTC)
        self._set_at = datetime.now(UTC)

    def set(self, moment: datetime) -> None:
        """Set the current time to `moment`."""
        with self._lock:
            self._base = ensure_utc(moment)
            self._set_at = datetime.now(UTC)

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by `delta`."""
        with self._lock:
            self._base += delta

    def now(self) -> datetime:
        """Return the set time (plus the real time elapsed since, unless frozen)."""
        with self._lock:
            if self._frozen:
                return self._base
            return self._base + (datetime.now(UTC) - self._set_at)


def utc_midnight(day: date) -> datetime:
    """Return 00:00 UTC of `day`."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def add_business_days(start: datetime, days: int) -> datetime:
    """Return `start` moved forward by `days` business days (Monday to Friday)."""
    moment = start
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment
