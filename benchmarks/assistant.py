"""Assistant benchmark: full conversation turns over HTTP with many conversations at once.

Target (issue 4): with 32 concurrent conversations, at least 200 turns/s with p99 at most 150 ms on
a 2-core machine, on SQLite and on PostgreSQL. This prints figures only.

    .venv/bin/python -m benchmarks.assistant [--conversations 32] [--seconds 20]
                                             [--database-url URL] [--workers 1]

The server is the real one (`ridgeline serve --sandbox` in a subprocess on 127.0.0.1) on a seeded
sample portfolio; each simulated customer opens a conversation and says a few things, as customers
do (look-ups, a plan, small talk), then starts again. A turn is one POST of a customer message,
timed from request to full answer.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import select, text

from benchmarks.records import free_port
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.lending.models import Order, Plan
from ridgeline.portfolio import seed_database

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SCRIPT = (
    "Hi, when is my next payment and how much is it?",
    "Can you show me the payment plan of my order?",
    "1",
    "Thanks, that's all!",
)


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank percentile `q` (0-100) of `values`."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def prepare(url: str, customers: int) -> list[str]:
    """Migrate and seed the database; return customers with an open plan."""
    db = Database(url)
    upgrade(db.write_engine)
    with db.reader() as s:
        empty = s.execute(text("SELECT COUNT(*) FROM customers")).scalar_one() == 0
    if empty:
        seed_database(db, customers=customers, seed=11, now=NOW)
    with db.reader() as s:
        query = (
            select(Order.customer_id)
            .join(Plan, Plan.order_id == Order.id)
            .where(Plan.status == "active")
            .distinct()
            .limit(500)
        )
        ids = list(s.scalars(query))
    db.dispose()
    return ids


async def customer_loop(
    client: httpx.AsyncClient,
    customer_id: str,
    stop_at: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    """Hold conversations for one customer until time is up."""
    while time.perf_counter() < stop_at:
        started = await client.post("/api/v1/conversations", json={"customer_id": customer_id})
        if started.status_code != 201:
            errors.append(f"start {started.status_code}")
            continue
        conv = started.json()["id"]
        for message in SCRIPT:
            if time.perf_counter() >= stop_at:
                return
            t0 = time.perf_counter()
            r = await client.post(f"/api/v1/conversations/{conv}/messages", json={"text": message})
            elapsed = time.perf_counter() - t0
            if r.status_code != 200:
                errors.append(f"turn {r.status_code} {r.text[:80]}")
                break
            latencies.append(elapsed)
            if r.json()["state"] != "assistant":
                break


async def drive(
    base: str, token: str, customers: list[str], conversations: int, seconds: float
) -> tuple[list[float], list[str], float]:
    """Run `conversations` customers at once for `seconds`; return latencies, errors, wall time."""
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=conversations, max_keepalive_connections=conversations)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=60, limits=limits
    ) as client:
        warm = await client.post("/api/v1/conversations", json={"customer_id": customers[0]})
        await client.post(
            f"/api/v1/conversations/{warm.json()['id']}/messages", json={"text": "hello"}
        )
        t0 = time.perf_counter()
        stop_at = t0 + seconds
        await asyncio.gather(
            *(
                customer_loop(client, customers[i % len(customers)], stop_at, latencies, errors)
                for i in range(conversations)
            )
        )
        wall = time.perf_counter() - t0
    return latencies, errors, wall


def main() -> None:
    """Seed, start the server, drive the conversations, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ridgeline-bench-assistant-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    customers = prepare(url, args.customers)
    token = secrets.token_urlsafe(16)
    port = free_port()
    env = {**os.environ, "RIDGELINE_ADMIN_TOKEN": token}
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "ridgeline.cli.main",
            "serve",
            "--port",
            str(port),
            "--database-url",
            url,
            "--sandbox",
            "--workers",
            str(args.workers),
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.post(
            f"{base}/api/v1/admin/clock",
            json={"now": NOW.isoformat()},
            headers={"Authorization": f"Bearer {token}"},
        )
        latencies, errors, wall = asyncio.run(
            drive(base, token, customers, args.conversations, args.seconds)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(
        f"assistant turns over HTTP on {backend}: {args.conversations} conversations at once, "
        f"{args.workers} server process(es)"
    )
    rate = len(latencies) / wall
    print(f"  turns: {len(latencies)} in {wall:.1f} s = {rate:.1f} turns/s; errors: {len(errors)}")
    if latencies:
        ms = [v * 1000 for v in latencies]
        p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
        print(f"  latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(ms):.1f}")
    for e in sorted(set(errors))[:5]:
        print(f"  error: {e}")


if __name__ == "__main__":
    main()
