"""Records benchmark: seed a large sample portfolio into SQLite, then time the record routes.

Targets (issue 2): `seed --customers 100000` into SQLite in under 60 s on a 2-core machine, and
GET /api/v1/customers/{id}, /api/v1/orders/{id} and /api/v1/cases?customer_id= at p99 under
20 ms on that database. This prints figures only.

    .venv/bin/python -m benchmarks.records [--customers N] [--requests R] [--clients C]
                                           [--workers W]

The server is the real one (`ridgeline serve` in a subprocess, on a free port of 127.0.0.1),
reached over HTTP with httpx: first one client after another request, then C clients at once.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import select

from ridgeline.cases.models import Case
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.portfolio import seed_database

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
ROUTES = ("customer", "order", "cases")


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile `share` (0..1) of `values`."""
    ordered = sorted(values)
    rank = max(int(share * len(ordered) + 0.999999) - 1, 0)
    return ordered[min(rank, len(ordered) - 1)]


def seed(url: str, customers: int) -> dict[str, int]:
    """Migrate and seed the database at `url`; print the time it took."""
    db = Database(url)
    upgrade(db.write_engine)
    wall, cpu = time.perf_counter(), time.process_time()
    counts = seed_database(db, customers=customers, seed=1, now=NOW)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    db.dispose()
    rows = sum(counts.values())
    print(f"seed: {customers} customers, {rows} rows in {wall:.1f} s ({rows / wall:,.0f} rows/s)")
    print(
        f"seed: cpu {cpu:.1f} s inserting (this process), "
        f"{child.ru_utime + child.ru_stime:.1f} s generating (child process)"
    )
    print("seed: rows per table " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


def targets(url: str, counts: dict[str, int], rng: random.Random) -> dict[str, list[str]]:
    """Return the paths each route is called with: random customers and orders, and customers
    with cases half of the time."""
    db = Database(url)
    with db.reader() as session:
        with_cases = list(session.scalars(select(Case.customer_id).distinct()))
    db.dispose()
    customers = [f"C{rng.randrange(counts['customers']) + 1:07d}" for _ in range(500)]
    orders = [f"O{rng.randrange(counts['orders']) + 1:07d}" for _ in range(500)]
    cases = [rng.choice(with_cases) if rng.random() < 0.5 else c for c in customers]
    return {
        "customer": [f"/api/v1/customers/{c}" for c in customers],
        "order": [f"/api/v1/orders/{o}" for o in orders],
        "cases": [f"/api/v1/cases?customer_id={c}" for c in cases],
    }


def start_server(url: str, port: int, token: str, workers: int) -> subprocess.Popen[bytes]:
    """Start `ridgeline serve` on `port` and wait until it answers /healthz."""
    command = shutil.which("ridgeline", path=str(Path(sys.executable).parent)) or "ridgeline"
    env = {**os.environ, "RIDGELINE_ADMIN_TOKEN": token}
    server = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [
            command,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            url,
            "--workers",
            str(workers),
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start within 60 s")


def run_client(
    base: str,
    token: str,
    paths: dict[str, list[str]],
    count: int,
    rng: random.Random,
    out: dict[str, list[float]],
    errors: list[int],
) -> None:
    """Send `count` requests, routes in turn, and record each latency in milliseconds."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for i in range(count):
            route = ROUTES[i % len(ROUTES)]
            path = rng.choice(paths[route])
            started = time.perf_counter()
            response = client.get(path)
            out[route].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors.append(response.status_code)


def report(phase: str, latencies: dict[str, list[float]], errors: list[int]) -> None:
    """Print p50/p95/p99/max per route."""
    for route in ROUTES:
        values = latencies[route]
        print(
            f"{phase:<14} {route:<9} n={len(values):<5} "
            f"p50={percentile(values, 0.50):6.1f} ms  p95={percentile(values, 0.95):6.1f} ms  "
            f"p99={percentile(values, 0.99):6.1f} ms  max={max(values):6.1f} ms"
        )
    if errors:
        print(f"{phase:<14} non-200 answers: {len(errors)} ({sorted(set(errors))})")


def main() -> None:
    """Seed, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000, help="sequential + concurrent")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rng = random.Random(7)
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="ridgeline-bench-") as tmp:
        url = f"sqlite:///{tmp}/records.db"
        counts = seed(url, args.customers)
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        print(f"seed: database files {size / 1e6:.0f} MB")
        paths = targets(url, counts, rng)
        port = free_port()
        server = start_server(url, port, token, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            warm: dict[str, list[float]] = {r: [] for r in ROUTES}
            run_client(base, token, paths, 60, rng, warm, [])
            sequential = args.requests // 2
            latencies: dict[str, list[float]] = {r: [] for r in ROUTES}
            errors: list[int] = []
            run_client(base, token, paths, sequential, rng, latencies, errors)
            report("sequential", latencies, errors)
            per_client = (args.requests - sequential) // args.clients
            together: dict[str, list[float]] = {r: [] for r in ROUTES}
            errors = []
            threads = [
                threading.Thread(
                    target=run_client,
                    args=(base, token, paths, per_client, random.Random(i), together, errors),
                )
                for i in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            report(f"{args.clients} clients", together, errors)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
