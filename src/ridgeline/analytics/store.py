"""Keeping the metric rollups: rebuild the rows of a range of days from the conversations.

A day's rollup depends on the seven days after it (a resolution is durable only if the customer
does not come back about it within seven days) and on the seven days before it (a contact is a
repeat of an earlier one). So a refresh reads the conversations from a week before to a week after
the days it rebuilds, and a day's figures are final once a refresh ran eight days after it; the
dashboard marks later days as provisional. Rebuilding is idempotent: the days' rows are deleted
and written again in the caller's transaction.

Beside the day rows, each calendar month touched by a refresh gets "month" rows summed from its
day rows (bins included), so a year of figures reads twelve months of rows instead of 365 days;
the reader uses month rows for whole months of a period and day rows for the days at its edges.

The rollups are the only rows `analytics` writes; everything else it reads.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ridgeline.analytics.contacts import load_contacts
from ridgeline.analytics.models import metric_rollups
from ridgeline.metrics.rollups import COUNTS, MEASURES, N_BINS, Rollup, rollup
from ridgeline.metrics.table import IntArray

BATCH_ROWS = 5000


def encode_bins(matrix: IntArray) -> list[bytes]:
    """Encode each row of a (rows x bins) count matrix as little-endian int32 (bin, count) pairs."""
    rows, cols = np.nonzero(matrix)
    pairs = np.stack([cols, matrix[rows, cols]], axis=1).astype("<i4").tobytes()
    bounds = np.searchsorted(rows, np.arange(len(matrix) + 1)) * 8
    return [pairs[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]


def rows_of(r: Rollup, grain: str = "day") -> list[dict[str, Any]]:
    """Return the rollup as rows of `metric_rollups` of `grain` ("day" or "month")."""
    days = [date(1970, 1, 1) + timedelta(days=int(d)) for d in r.day.tolist()]
    bins = {m: encode_bins(r.bins[m]) for m in MEASURES}
    counts = {k: r.counts[k].tolist() for k in COUNTS}
    handle = r.sums["handle_s"].tolist()
    return [
        {
            "grain": grain,
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
    """Replace the day rows of days [first, last] with `r` and rebuild their months' rows.

    Returns the day rows written.
    """
    c = metric_rollups.c
    session.execute(delete(metric_rollups).where(c.grain == "day", c.day >= first, c.day <= last))
    rows = rows_of(r)
    for i in range(0, len(rows), BATCH_ROWS):
        session.execute(insert(metric_rollups), rows[i : i + BATCH_ROWS])
    month = first.replace(day=1)
    while month <= last:
        rebuild_month(session, month)
        month = _next_month(month)
    return len(rows)


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def rebuild_month(session: Session, month: date) -> int:
    """Replace the month rows of the month starting `month` with sums of its day rows."""
    c = metric_rollups.c
    end = _next_month(month)
    session.execute(delete(metric_rollups).where(c.grain == "month", c.day == month))
    keys = (c.market, c.language, c.dimension, c.value)
    found = session.execute(
        select(*keys, *[c[k] for k in COUNTS], c.handle_s, c.ttr_bins, c.tth_bins).where(
            c.grain == "day", c.day >= month, c.day < end
        )
    ).all()
    if not found:
        return 0
    labels = [tuple(row[:4]) for row in found]
    index: dict[tuple[Any, ...], int] = {}
    group = np.fromiter(
        (index.setdefault(k, len(index)) for k in labels), dtype=np.int64, count=len(labels)
    )
    n = len(index)
    width = len(COUNTS) + 1
    values = np.array([row[4 : 4 + width] for row in found], dtype=np.float64)
    summed = np.zeros((n, width))
    np.add.at(summed, group, values)
    bins = {
        m: decode_bins([bytes(row[4 + width + i]) for row in found], group, n)
        for i, m in enumerate(MEASURES)
    }
    first_row = {g: i for i, g in reversed(list(enumerate(group.tolist())))}
    r = Rollup(
        day=np.full(n, (month - date(1970, 1, 1)).days, dtype=np.int64),
        market=np.array([labels[first_row[g]][0] for g in range(n)], dtype=object),
        language=np.array([labels[first_row[g]][1] for g in range(n)], dtype=object),
        dimension=np.array([labels[first_row[g]][2] for g in range(n)], dtype=object),
        value=np.array([labels[first_row[g]][3] for g in range(n)], dtype=object),
        counts={k: np.rint(summed[:, i]).astype(np.int64) for i, k in enumerate(COUNTS)},
        sums={"handle_s": summed[:, len(COUNTS)]},
        bins=bins,
    )
    rows = rows_of(r, "month")
    for i in range(0, len(rows), BATCH_ROWS):
        session.execute(insert(metric_rollups), rows[i : i + BATCH_ROWS])
    return len(rows)


def decode_bins(blobs: list[bytes], groups: IntArray, n: int) -> IntArray:
    """Sum encoded bins (see :func:`encode_bins`) into an (n x bins) matrix, row i into group i."""
    lengths = np.fromiter((len(b) // 8 for b in blobs), dtype=np.int64, count=len(blobs))
    pairs = np.frombuffer(b"".join(blobs), dtype="<i4").reshape(-1, 2)
    owner = np.repeat(groups, lengths)
    flat = owner * N_BINS + pairs[:, 0].astype(np.int64)
    counts = np.bincount(flat, weights=pairs[:, 1], minlength=n * N_BINS)
    out: IntArray = counts.reshape(n, N_BINS).astype(np.int64)
    return out


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
