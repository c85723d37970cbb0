"""Tables of the metric rollups: per day, market, language and slice, the sums behind the figures.

`metric_rollups` holds one row per (UTC day or month, market, language, dimension, value) with
the counts of :data:`ridgeline.metrics.rollups.COUNTS`, the seconds people held contacts, and the
non-empty histogram bins of the two waiting times (time to resolution, time to a person).
They are derived data: `ridgeline history generate` and `ridgeline report refresh` rebuild the
days they cover from the conversations, so the tables can be dropped and rebuilt at any time.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Float, Index, Integer, LargeBinary, String, Table

from ridgeline.kit.db import Base
from ridgeline.metrics.rollups import COUNTS

metric_rollups = Table(
    "metric_rollups",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # "day" rows, and "month" rows (day = the 1st) summed from them so long periods read few rows
    Column("grain", String(8), nullable=False),
    Column("day", Date, nullable=False),
    Column("market", String(8), nullable=False),
    Column("language", String(8), nullable=False),
    Column("dimension", String(16), nullable=False),
    Column("value", String(64), nullable=False),
    *[Column(name, BigInteger, nullable=False) for name in COUNTS],
    Column("handle_s", Float(precision=53), nullable=False),
    # non-empty histogram bins as little-endian int32 pairs (bin, count): one small value per
    # row instead of a row per bin, so a year of bins reads in one pass
    Column("ttr_bins", LargeBinary, nullable=False),
    Column("tth_bins", LargeBinary, nullable=False),
    Index("ix_metric_rollups_dimension_grain_day", "dimension", "grain", "day"),
)
