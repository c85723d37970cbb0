"""What every request shape shares: strict types, bounded numbers, times as ISO 8601 text.

A request shape (`schemas.py` of each package, the fixture document) derives from `RequestShape`:
unknown fields are refused and nothing is coerced: `"100"` is not 100, `true` is not 1, `0` is
not false, a number is not a time. JSON has no type for times, so a time or date field takes ISO
8601 text (`Time`, `Day`) and refuses anything else, a number included; a time must carry its
zone. Times and dates lie between 1900 and 2100 (the sandbox clock: 2000 to 2100, see
`kit/stored_clock.py`), so no accepted value can break the date arithmetic of the rules.
Whole numbers are bounded by what the rule allows, and never above `INT_MAX`, what an INTEGER
column holds on PostgreSQL (amounts: `policy.MAX_AMOUNT`, lower still).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Strict

from ridgeline.kit.errors import InvalidInputError
from ridgeline.kit.stored_clock import check_moment

#: The largest whole number an INTEGER column holds on PostgreSQL.
INT_MAX = 2**31 - 1
EARLIEST_RECORD = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_RECORD = datetime(2100, 1, 1, tzinfo=UTC)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


class RequestShape(BaseModel):
    """A request body: unknown fields refused, no value coerced to another type."""

    model_config = ConfigDict(extra="forbid", strict=True)


def _iso_text(value: Any) -> Any:
    """Let ISO 8601 text (or a date or time built in Python) through; refuse anything else."""
    if isinstance(value, date):  # a datetime is a date too
        return value
    if isinstance(value, str) and _ISO.match(value):
        return value
    raise ValueError("an ISO 8601 date or time is required, as text (2026-03-10T12:00:00Z)")


def _record_time(value: datetime) -> datetime:
    if not EARLIEST_RECORD <= value < LATEST_RECORD:
        raise ValueError("a time from 1900 to 2099 is required")
    return value


def _record_day(value: date) -> date:
    if not EARLIEST_RECORD.date() <= value < LATEST_RECORD.date():
        raise ValueError("a date from 1900 to 2099 is required")
    return value


def _clock_time(value: datetime) -> datetime:
    try:
        return check_moment(value)
    except InvalidInputError as exc:  # the schema's 422 says it the same way
        raise ValueError(str(exc)) from exc


#: A time with its zone, as ISO 8601 text, from 1900 to 2099.
Time = Annotated[
    AwareDatetime, Strict(False), BeforeValidator(_iso_text), AfterValidator(_record_time)
]
#: A date as ISO 8601 text, from 1900 to 2099.
Day = Annotated[date, Strict(False), BeforeValidator(_iso_text), AfterValidator(_record_day)]
#: A time the sandbox clock may be set to: with its zone, from 2000-01-01 to 2099-12-31.
ClockTime = Annotated[
    AwareDatetime, Strict(False), BeforeValidator(_iso_text), AfterValidator(_clock_time)
]
