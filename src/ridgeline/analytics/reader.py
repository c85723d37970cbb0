"""Reading the rollups: sums per group, straight from the database, as metric-dictionary totals.

Counts are summed by the database (`GROUP BY`), so a year of rollups becomes a few dozen rows
before Python sees them; the histogram bins are read as small binary values and summed in numpy.
Bins are read only for the dimensions whose breakdowns show percentiles (:data:`BINNED`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ridgeline.analytics.models import metric_rollups
from ridgeline.metrics.rollups import COUNTS, MEASURES, N_BINS
from ridgeline.metrics.summary import Totals

BINNED = ("all", "queue", "path")


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


def _where(f: Filters, dimension: str) -> list[ColumnElement[bool]]:
    c = metric_rollups.c
    conds = [c.dimension == dimension, c.day >= f.first, c.day <= f.last]
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
    query = select(*keys, *aggregates).where(*_where(f, dimension))
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


def _decode(blobs: Sequence[bytes], groups: np.ndarray[Any, np.dtype[np.int64]], n: int) -> Any:
    lengths = np.fromiter((len(b) // 8 for b in blobs), dtype=np.int64, count=len(blobs))
    pairs = np.frombuffer(b"".join(blobs), dtype="<i4").reshape(-1, 2)
    owner = np.repeat(groups, lengths)
    flat = owner * N_BINS + pairs[:, 0].astype(np.int64)
    counts = np.bincount(flat, weights=pairs[:, 1], minlength=n * N_BINS)
    return counts.reshape(n, N_BINS).astype(np.int64)


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
            *_where(f, dimension)
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
        decoded = {m: _decode(blobs[m], groups, len(names)) for m in MEASURES}
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
            select(c[name]).where(c.dimension == "all").distinct().order_by(c[name])
        ).scalars()
        out[name] = [str(x) for x in found]
    return out
