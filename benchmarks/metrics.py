"""Dashboard speed over ten million conversations, on SQLite and on PostgreSQL.

Run `.venv/bin/python -m benchmarks.metrics` (10 M contacts over 365 days) or with
`--contacts 1000000` for a quick look; `--skip-postgres` runs SQLite only. PostgreSQL is reached
at `--postgres-url` (default: the local test server); the benchmark creates its own database
there (`ridgeline_metrics_bench`) and never touches the test database's tables.

Steps, each timed and printed:
1. simulate a year of the baseline centre resized to the requested volume, in the sample
   portfolio's seven markets, each contact in its market's language (15% in English);
2. the exact headline over the whole contact table (row-level definitions, numpy);
3. the rollup job: sum the table into rollup rows (what `report refresh` stores per day);
4. write the rollup rows into a migrated SQLite file and PostgreSQL database;
5. the dashboard's figures (headline with trend, 30 daily points or 365, six breakdowns) for the
   last 30 days and for the whole year, in a new process: cold (the first call, new engine and
   connection) and warm (median of five more), and the largest difference between the fast
   figures and the exact ones.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ridgeline.analytics.centre import centre
from ridgeline.analytics.dashboard import Settings, dashboard_figures
from ridgeline.analytics.reader import Filters
from ridgeline.analytics.store import write_rollup
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.metrics import headline
from ridgeline.metrics.rollups import rollup
from ridgeline.metrics.summary import PERCENTILE_KEYS
from ridgeline.metrics.table import Categorical, ContactTable
from ridgeline.simulation import simulate

MARKETS = {"SE": "sv", "DE": "de", "FR": "fr", "ES": "es", "IT": "it", "GB": "en", "US": "en"}
MARKET_MIX = {"US": 0.3, "GB": 0.15, "DE": 0.2, "SE": 0.12, "FR": 0.1, "ES": 0.08, "IT": 0.05}
PG_DEFAULT = "postgresql+psycopg://ridgeline@127.0.0.1:54329/ridgeline_test"
BENCH_DB = "ridgeline_metrics_bench"


def languages_by_market(table: ContactTable, seed: int) -> ContactTable:
    """Give each contact its market's language, or English for 15% (realistic pairs only)."""
    from dataclasses import replace

    rng = np.random.default_rng(seed)
    levels = tuple(sorted(set(MARKETS.values())))
    own = np.array([levels.index(MARKETS[m]) for m in table.market.levels], dtype=np.int16)
    codes = own[table.market.codes]
    codes = np.where(rng.random(len(table)) < 0.15, levels.index("en"), codes).astype(np.int16)
    return replace(table, language=Categorical(codes, levels))


def timed(label: str, fn: Any) -> Any:
    started = time.perf_counter()
    out = fn()
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s", flush=True)
    return out


def postgres_url(base: str) -> str:
    """(Re)create the benchmark's own database on the server of `base` and return its URL."""
    url = make_url(base)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # the benchmark's own database, rebuilt each run so its schema is the newest
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}"'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    admin.dispose()
    return url.set(database=BENCH_DB).render_as_string(hide_password=False)


def load(db: Database, table_rollup: Any, first: date, last: date) -> None:
    upgrade(db.write_engine)
    with db.writer() as session:
        write_rollup(session, table_rollup, first - timedelta(days=400), last + timedelta(days=1))
        session.commit()
    if not db.is_sqlite:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE metric_rollups"))


def measure(url: str, f: Filters, repeats: int = 5) -> tuple[float, float, Any]:
    """Return (cold seconds, warm median seconds, figures) of the dashboard's figures.

    Measured in a new process (as a fresh server worker would be): cold is the first call on a
    new engine and connection, warm the median of `repeats` further calls.
    """
    out = subprocess.run(  # noqa: S603 -- this interpreter, this module, our own arguments
        [
            sys.executable,
            "-m",
            "benchmarks.metrics",
            "--measure",
            url,
            "--measure-period",
            f"{f.first.isoformat()}:{f.last.isoformat()}",
            "--repeats",
            str(repeats),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    got = json.loads(out.stdout)
    return got["cold"], got["warm"], got["figures"]


def measure_here(url: str, f: Filters, repeats: int) -> None:
    """Time the dashboard's figures in this process and print them as JSON."""
    settings = Settings()
    db = Database(url)
    started = time.perf_counter()
    with db.reader() as session:
        figures = dashboard_figures(session, f, settings)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(repeats):
        started = time.perf_counter()
        with db.reader() as session:
            dashboard_figures(session, f, settings)
        warm.append(time.perf_counter() - started)
    db.dispose()
    print(json.dumps({"cold": cold, "warm": statistics.median(warm), "figures": figures}))


def largest_difference(fast: dict[str, Any], exact: dict[str, float]) -> tuple[float, float]:
    """Return (largest relative difference of the exact-equal figures, of the percentiles)."""
    plain, binned = 0.0, 0.0
    for key, want in exact.items():
        got = fast.get(key)
        if got is None or not np.isfinite(want) or want == 0:
            continue
        diff = abs(got - want) / abs(want)
        if key in PERCENTILE_KEYS:
            binned = max(binned, diff)
        else:
            plain = max(plain, diff)
    return plain, binned


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000_000, help="about this many contacts")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sqlite", default="var/bench-metrics.db")
    parser.add_argument("--postgres-url", default=PG_DEFAULT)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: time in a new process
    parser.add_argument("--measure-period", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.measure:
        first, last = (date.fromisoformat(x) for x in args.measure_period.split(":"))
        measure_here(args.measure, Filters(first, last), args.repeats)
        return

    start = datetime(2025, 1, 6, tzinfo=UTC)
    # repeats add about 13-14% on top of new contacts in the baseline centre
    per_day = args.contacts / args.days / 1.13
    scenario = centre(
        contacts_per_day=per_day,
        days=args.days,
        start=start,
        customers=max(200_000, args.contacts // 5),
        market_mix=MARKET_MIX,
    )
    result = timed(
        f"simulate {args.days} days at {per_day:,.0f} new contacts/day",
        lambda: simulate(scenario, seed=args.seed),
    )
    table = languages_by_market(result.table, args.seed)
    del result
    print(f"contacts: {len(table):,}")
    settings = Settings()
    first_day = start.date()
    last_day = first_day + timedelta(days=args.days - 1)
    fte_hours = settings.productive_hours_per_fte_year * args.days / 365.0
    exact = timed(
        "exact headline over the whole table (numpy, row level)",
        lambda t=table: headline(t, settings.cost, productive_hours_per_fte=fte_hours),
    )
    r = timed("rollup job over the whole table", lambda t=table: rollup(t))
    print(f"rollup rows: {len(r):,}")
    del table

    targets = []
    sqlite_path = Path(args.sqlite)
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    targets.append(("SQLite", f"sqlite:///{sqlite_path.resolve()}"))
    if not args.skip_postgres:
        targets.append(("PostgreSQL", postgres_url(args.postgres_url)))
    year = Filters(first_day, last_day)
    month = Filters(last_day - timedelta(days=29), last_day)
    for name, url in targets:
        db = Database(url)
        timed(
            f"{name}: write {len(r):,} rollup rows", lambda db=db: load(db, r, first_day, last_day)
        )
        db.dispose()
        for label, f in (("last 30 days", month), (f"whole {args.days} days", year)):
            cold, warm, figures = measure(url, f)
            print(
                f"{name}: dashboard figures, {label:<16} cold {cold * 1000:7.0f} ms, "
                f"warm {warm * 1000:7.0f} ms ({figures['headline']['contacts']:,.0f} contacts)"
            )
            if f is year:
                plain, binned = largest_difference(figures["headline"], exact)
                print(
                    f"{name}: fast vs exact, largest relative difference: {plain:.2e} "
                    f"(percentiles from bins: {binned:.2%})"
                )
    print("headline (whole period, exact):")
    for key, value in exact.items():
        print(f"  {key:<28} {value:14.4f}")


if __name__ == "__main__":
    main()
