"""Tables of the metric rollups: per day, market, language and slice, the sums behind the figures.

`metric_rollups` holds one row per (UTC day, market, language, dimension, value) with the counts
of :data:`ridgeline.metrics.rollups.COUNTS` and the seconds people held the contacts;
`metric_rollup_bins` the non-empty histogram bins of the two waiting times of the same keys.
Both are derived data: `ridgeline history generate` and `ridgeline report refresh` rebuild the
days they cover from the conversations, so the tables can be dropped and rebuilt at any time.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Float, Index, Integer, String, Table

from ridgeline.kit.db import Base
from ridgeline.metrics.rollups import COUNTS


def _keys() -> list[Column[object]]:
    return [
        Column("day", Date, nullable=False),
        Column("market", String(8), nullable=False),
        Column("language", String(8), nullable=False),
        Column("dimension", String(16), nullable=False),
        Column("value", String(64), nullable=False),
    ]


metric_rollups = Table(
    "metric_rollups",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_keys(),
    *[Column(name, BigInteger, nullable=False) for name in COUNTS],
    Column("handle_s", Float(precision=53), nullable=False),
    Index("ix_metric_rollups_dimension_day", "dimension", "day"),
)

metric_rollup_bins = Table(
    "metric_rollup_bins",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_keys(),
    Column("measure", String(8), nullable=False),
    Column("bin", Integer, nullable=False),
    Column("count", BigInteger, nullable=False),
    Index("ix_metric_rollup_bins_dimension_day", "dimension", "day"),
)
