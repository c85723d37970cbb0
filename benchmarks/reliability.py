"""Reliability benchmark: what the idempotency check and the stored sandbox clock cost.

    .venv/bin/python -m benchmarks.reliability [--requests N] [--database-url URL]

On a fresh database (a temporary SQLite file unless `--database-url` names an empty, migrated
PostgreSQL one), with one order loaded, it times in one process, through the real app (the ASGI
app called in-process by Starlette's test client, so no network is measured):

1. the same cheap POST (`/api/v1/orders/O1/autopay`, a plan change with its audit entry) N times
   without a key, N times with a new `Idempotency-Key` each (claim, run, keep the answer), and
   N times repeating one key (the answer given again, nothing run); the medians and their
   differences are the cost of the check;
2. the store alone: `kit.idempotency.claim` then `answer`, N times, and a repeat's `claim`;
3. one read of the sandbox clock's row (what a request pays the first time it asks the time).

It prints figures only.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from ridgeline.config import Settings
from ridgeline.kit import idempotency
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.kit.stored_clock import StoredClock
from ridgeline.web.app import create_app

TOKEN = secrets.token_urlsafe(16)
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
DOCUMENT = {
    "now": "2026-03-10T12:00:00Z",
    "merchants": [{"id": "M1", "name": "Nordic Shoes", "country": "SE"}],
    "customers": [
        {
            "id": "C1",
            "name": "Alex Taylor",
            "email": "alex@example.com",
            "phone": "+447700900000",
            "market": "GB",
            "language": "en",
            "created_at": "2024-05-01T10:00:00Z",
        }
    ],
    "orders": [
        {
            "id": "O1",
            "customer_id": "C1",
            "merchant_id": "M1",
            "placed_at": "2026-02-20T09:00:00Z",
            "currency": "GBP",
            "total": 12000,
            "plan": {
                "product": "pay_in_4",
                "status": "active",
                "installments": [
                    {"seq": 1, "due_date": "2026-02-20", "amount": 3000, "status": "paid"},
                    {"seq": 2, "due_date": "2026-03-06", "amount": 3000, "status": "paid"},
                    {"seq": 3, "due_date": "2026-03-20", "amount": 3000, "status": "scheduled"},
                    {"seq": 4, "due_date": "2026-04-03", "amount": 3000, "status": "scheduled"},
                ],
            },
        }
    ],
}


def timed(work: Callable[[int], object], n: int) -> list[float]:
    """Return the milliseconds of each of `n` calls of `work(i)`."""
    spent = []
    for i in range(n):
        started = time.perf_counter()
        work(i)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def line(name: str, values: list[float]) -> float:
    """Print the median and 95th percentile of `values` (ms); return the median."""
    median = statistics.median(values)
    p95 = sorted(values)[int(0.95 * (len(values) - 1))]
    print(f"  {name:<46} median {median:7.3f} ms   p95 {p95:7.3f} ms")
    return median


def run(url: str, n: int) -> None:
    """Measure on the migrated, empty database at `url`."""
    app = create_app(Settings(url, sandbox=True, admin_token=TOKEN))
    db: Database = app.state.container.db
    path = "/api/v1/orders/O1/autopay"
    with TestClient(app, headers=HEADERS) as client:
        assert client.post("/api/v1/admin/fixtures", json=DOCUMENT).status_code == 201

        def post(i: int, key: str | None) -> None:
            headers = {"Idempotency-Key": key} if key else {}
            answer = client.post(path, json={"enabled": i % 2 == 0}, headers=headers)
            assert answer.status_code == 200, answer.text

        for i in range(20):  # warm up: connections, caches
            post(i, None)
        print(f"{'SQLite' if db.is_sqlite else 'PostgreSQL'}: {n} requests each")
        plain = line("POST without a key", timed(lambda i: post(i, None), n))
        keyed = line(
            "POST with a new key (claim, run, keep)", timed(lambda i: post(i, uuid.uuid4().hex), n)
        )
        post(0, "again")
        replayed = line(
            "POST repeating a key (answer given again)", timed(lambda _i: post(0, "again"), n)
        )
        print(f"  cost of the check on a new key: {keyed - plain:+.3f} ms per POST")
        print(f"  a repeat against running the POST: {replayed - plain:+.3f} ms")

    def claim_and_answer(i: int) -> None:
        request = idempotency.Request("admin:", "POST /bench", f"k{i}-{uuid.uuid4().hex}", b"{}")
        assert idempotency.claim(db, request).state == "claimed"
        idempotency.answer(db, request, 200, "application/json", b"{}")

    line("store: claim + answer", timed(claim_and_answer, n))
    known = idempotency.Request("admin:", "POST /bench", "known", b"{}")
    idempotency.claim(db, known)
    idempotency.answer(db, known, 200, "application/json", b"{}")
    line(
        "store: claim of an answered key (a repeat)",
        timed(lambda _i: idempotency.claim(db, known), n),
    )
    clock = StoredClock(db)
    line("sandbox clock: one read of its row", timed(lambda _i: clock._read(), n))
    db.dispose()


def main() -> None:
    """Parse the arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url:
        run(args.database_url, args.requests)
        return
    with tempfile.TemporaryDirectory(prefix="ridgeline-reliability-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        db = Database(url)
        upgrade(db.write_engine)
        db.dispose()
        run(url, args.requests)


if __name__ == "__main__":
    main()
