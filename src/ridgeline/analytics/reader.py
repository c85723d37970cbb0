"""Reading the rollups: sums per group, straight from the database, as metric-dictionary totals.

Counts are summed by the database (`GROUP BY`), so a year of rollups becomes a few dozen rows
before Python sees them; the histogram bins are read as small binary values and summed in numpy.
Bins are read for the dimensions whose breakdowns show percentiles (:data:`BINNED`). Whole
months of a period are read from month rows, the days at its edges from day rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ridgeline.analytics.models import metric_rollups
from ridgeline.analytics.store import decode_bins
from ridgeline.metrics.rollups import COUNTS, MEASURES
from ridgeline.metrics.summary import Totals

BINNED = ("all", "intent", "queue", "path", "handoff_reason")


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters: a period of whole UTC days and optionally a market and language."""

    first: date
    last: date
    market: str | None = None
    language: str | None = None

    @property
    def days(self) -> int:
        """Return the number of days of the period."""
        return (self.last - self.first).days + 1


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _where(f: Filters, dimension: str, daily: bool = False) -> list[ColumnElement[bool]]:
    """Select `dimension`'s rollup rows of the filters.

    Month rows cover the whole months and day rows the rest (only day rows when `daily`).
    """
    c = metric_rollups.c
    conds: list[ColumnElement[bool]] = [c.dimension == dimension]
    lo = f.first if f.first.day == 1 else _next_month(f.first)
    hi = lo
    while _next_month(hi) - timedelta(days=1) <= f.last:
        hi = _next_month(hi)
    # months [lo, hi) lie wholly inside the period
    if daily or hi == lo:
        conds += [c.grain == "day", c.day >= f.first, c.day <= f.last]
    else:
        conds.append(
            or_(
                and_(c.grain == "month", c.day >= lo, c.day < hi),
                and_(c.grain == "day", c.day >= f.first, c.day < lo),
                and_(c.grain == "day", c.day >= hi, c.day <= f.last),
            )
        )
    if f.market:
        conds.append(c.market == f.market)
    if f.language:
        conds.append(c.language == f.language)
    return conds


def _label(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def sums(session: Session, f: Filters, dimension: str, by: str | None) -> dict[str, Totals]:
    """Return the summed counts of `dimension`'s rows per label of column `by` (None: one total).

    The single total has the label "".
    """
    c = metric_rollups.c
    aggregates = [func.sum(c[k]) for k in COUNTS] + [func.sum(c.handle_s)]
    keys = [c[by]] if by else []
    query = select(*keys, *aggregates).where(*_where(f, dimension, daily=by == "day"))
    if by:
        query = query.group_by(c[by])
    out: dict[str, Totals] = {}
    for row in session.execute(query).all():
        label = _label(row[0]) if by else ""
        values = row[1:] if by else row
        if values[0] is None:  # SUM over no rows
            continue
        t = Totals()
        t.counts = {k: int(v) for k, v in zip(COUNTS, values[: len(COUNTS)], strict=True)}
        t.sums = {"handle_s": float(values[len(COUNTS)])}
        out[label] = t
    return out


def add_bins(
    session: Session,
    f: Filters,
    dimension: str,
    by: Sequence[str | None],
    into: dict[str | None, dict[str, Totals]],
) -> None:
    """Read the bins of `dimension`'s rows once and add them to `into[by][label]` for each `by`."""
    c = metric_rollups.c
    rows = session.execute(
        select(c.day, c.market, c.language, c.value, c.ttr_bins, c.tth_bins).where(
            *_where(f, dimension, daily="day" in by)
        )
    ).all()
    if not rows:
        return
    column = {"day": 0, "market": 1, "language": 2, "value": 3}
    blobs = {m: [bytes(r[4 + i]) for r in rows] for i, m in enumerate(MEASURES)}
    for key in by:
        labels = [""] * len(rows) if key is None else [_label(r[column[key]]) for r in rows]
        names, groups = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
        groups = groups.astype(np.int64).reshape(-1)
        decoded = {m: decode_bins(blobs[m], groups, len(names)) for m in MEASURES}
        target = into[key]
        for i, name in enumerate(names.tolist()):
            t = target.setdefault(name, Totals())
            t.bins = {m: decoded[m][i] for m in MEASURES}


def choices(session: Session) -> dict[str, list[str]]:
    """Return the markets and languages present in the rollups, for the filters."""
    c = metric_rollups.c
    out: dict[str, list[str]] = {}
    for name in ("market", "language"):
        found = session.execute(
            select(c[name])
            .where(c.dimension == "all", c.grain == "month")
            .distinct()
            .order_by(c[name])
        ).scalars()
        out[name] = [str(x) for x in found]
    return out
