"""Keeping the metric rollups: rebuild the rows of a range of days from the conversations.

A day's rollup depends on the seven days after it (a resolution is durable only if the customer
does not come back about it within seven days) and on the seven days before it (a contact is a
repeat of an earlier one). So a refresh reads the conversations from a week before to a week after
the days it rebuilds, and a day's figures are final once a refresh ran eight days after it; the
dashboard marks later days as provisional. Rebuilding is idempotent: the days' rows are deleted
and written again in the caller's transaction.

The rollups are the only rows `analytics` writes; everything else it reads.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from ridgeline.analytics.contacts import load_contacts
from ridgeline.analytics.models import metric_rollups
from ridgeline.metrics.rollups import COUNTS, MEASURES, Rollup, rollup
from ridgeline.metrics.table import IntArray

BATCH_ROWS = 5000


def encode_bins(matrix: IntArray) -> list[bytes]:
    """Encode each row of a (rows x bins) count matrix as little-endian int32 (bin, count) pairs."""
    rows, cols = np.nonzero(matrix)
    pairs = np.stack([cols, matrix[rows, cols]], axis=1).astype("<i4").tobytes()
    bounds = np.searchsorted(rows, np.arange(len(matrix) + 1)) * 8
    return [pairs[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]


def rows_of(r: Rollup) -> list[dict[str, Any]]:
    """Return the rollup as rows of `metric_rollups`."""
    days = [date(1970, 1, 1) + timedelta(days=int(d)) for d in r.day.tolist()]
    bins = {m: encode_bins(r.bins[m]) for m in MEASURES}
    counts = {k: r.counts[k].tolist() for k in COUNTS}
    handle = r.sums["handle_s"].tolist()
    return [
        {
            "day": days[i],
            "market": r.market[i],
            "language": r.language[i],
            "dimension": r.dimension[i],
            "value": r.value[i],
            **{k: counts[k][i] for k in COUNTS},
            "handle_s": handle[i],
            "ttr_bins": bins["ttr"][i],
            "tth_bins": bins["tth"][i],
        }
        for i in range(len(r))
    ]


def write_rollup(session: Session, r: Rollup, first: date, last: date) -> int:
    """Replace the rollup rows of days [first, last] with `r`; return the rows written."""
    session.execute(
        delete(metric_rollups).where(metric_rollups.c.day >= first, metric_rollups.c.day <= last)
    )
    rows = rows_of(r)
    for i in range(0, len(rows), BATCH_ROWS):
        session.execute(insert(metric_rollups), rows[i : i + BATCH_ROWS])
    return len(rows)


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=UTC)


def refresh(
    session: Session,
    first: date,
    last: date,
    *,
    ai_cost_per_conversation: int = 0,
    currency: str = "USD",
) -> int:
    """Rebuild the rollups of days [first, last] from the conversations; return rows written."""
    contacts = load_contacts(
        session,
        _midnight(first - timedelta(days=7)),
        _midnight(last + timedelta(days=8)),
        ai_cost_per_conversation=ai_cost_per_conversation,
        currency=currency,
    )
    epoch = date(1970, 1, 1)
    r = rollup(contacts.table, days=((first - epoch).days, (last - epoch).days))
    return write_rollup(session, r, first, last)
