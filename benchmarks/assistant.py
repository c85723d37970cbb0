"""Assistant benchmark: full conversation turns over HTTP with many conversations at once.

Target (issue 4): with 32 concurrent conversations, at least 200 turns/s with p99 at most 150 ms on
a 2-core machine, on SQLite and on PostgreSQL. This prints figures only.

    .venv/bin/python -m benchmarks.assistant [--conversations 32] [--rate 200] [--seconds 20]
                                             [--database-url URL] [--workers 2] [--unique]
                                             [--model-stand-in MS [--model-mode always]]

With `--model-stand-in MS` the server reads through a hosted model (issue 15): the stand-in
Chat Completions server (`ridgeline.assistant.standin`, in a process of its own) answering
each request in MS milliseconds, asked on every turn (`--model-mode always`, the worst case)
or only on unsure readings (`unsure`). Target: with MS = 300, 32 conversations at p99 under 1 s.

The server is the real one (`ridgeline serve --sandbox` in a subprocess on 127.0.0.1) on a seeded
sample portfolio. Each simulated customer holds one conversation after another in their own
language, with messages drawn from the catalogue's phrasings: a look-up and a thank-you, the
payment plan of an order picked from a list, a due-date extension confirmed with a yes, small
talk, sometimes a request for a person. A turn is one POST of a customer message, timed from the
moment it was due to the full answer.

Two measurements, on the same server:
- capacity: each conversation sends its next message as soon as the answer arrives (a closed
  loop). With 32 conversations and no pause, Little's law makes the mean latency 32 / throughput,
  160 ms at 200 turns/s, so this loop can only show the ceiling, not the latency target;
- paced: the conversations together send `--rate` messages a second on a fixed schedule (an open
  loop, as customers do not wait for each other). A message due while its conversation is still
  waiting goes out when the answer comes, and its latency counts from when it was due, so a
  server that falls behind shows it in the percentiles (no coordinated omission).

Customers repeat themselves, and the engine remembers the understanding of recent messages (and
knows the vectors of the catalogue's own phrasings, so every message of the default run is one
it has seen); `--unique` gives every message a typo of its own, so that nothing is ever seen
twice (the worst case for the model: each intent message is embedded).

The client is aiohttp, one keep-alive connection per conversation: it takes about 5% of the
machine, where httpx's connection pool took up to 37% at these rates.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from sqlalchemy import select, text

from benchmarks.hosted import stand_in_process
from benchmarks.records import free_port
from ridgeline.customers.models import Customer
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.lending.models import Order, Plan
from ridgeline.portfolio import seed_database
from ridgeline.understanding.catalogue import examples

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
YES = {"en": "yes please", "fr": "oui", "de": "ja bitte", "sv": "ja tack", "es": "sí", "it": "sì"}
# What customers come for, as intents of the catalogue ("1" picks the first order offered,
# "yes" confirms), with how often each kind of conversation happens.
SCRIPTS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (4, ("next_payment", "thanks")),
    (3, ("payment_schedule", "1", "goodbye")),
    (2, ("greeting", "payoff_quote", "thanks")),
    (2, ("extend_due_date", "1", "yes")),
    (2, ("spending_limit", "thanks")),
    (1, ("refund_status", "1", "thanks")),
    (1, ("human_agent",)),
)


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank percentile `q` (0-100) of `values`."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def prepare(url: str, customers: int) -> list[tuple[str, str]]:
    """Migrate and seed the database; return (customer, language) of customers with a plan."""
    db = Database(url)
    upgrade(db.write_engine)
    with db.reader() as s:
        empty = s.execute(text("SELECT COUNT(*) FROM customers")).scalar_one() == 0
    if empty:
        seed_database(db, customers=customers, seed=11, now=NOW)
    with db.reader() as s:
        query = (
            select(Customer.id, Customer.language)
            .join(Order, Order.customer_id == Customer.id)
            .join(Plan, Plan.order_id == Order.id)
            .where(Plan.status == "active")
            .distinct()
            .order_by(Customer.id)
            .limit(500)
        )
        found = [(str(cid), str(lang)) for cid, lang in s.execute(query)]
    db.dispose()
    return found


def phrasings() -> dict[tuple[str, str], list[str]]:
    """Return the catalogue's phrasings by (language, intent)."""
    by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in examples():
        by[(e.language, e.intent)].append(e.text)
    return by


def with_typo(message: str, rng: random.Random) -> str:
    """Return `message` with two neighbouring letters of one longer word swapped."""
    words = message.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return message
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


@dataclass
class Customers:
    """Who talks, and what they say."""

    people: list[tuple[str, str]]
    said: dict[tuple[str, str], list[str]]
    unique: bool
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    sent: set[str] = field(default_factory=set)

    def conversation(self, n: int) -> tuple[str, list[str]]:
        """Return the customer of the `n`th conversation and the messages they will send."""
        customer, language = self.people[n % len(self.people)]
        weights = [w for w, _ in SCRIPTS]
        script = self.rng.choices([s for _, s in SCRIPTS], weights)[0]
        messages: list[str] = []
        for step in script:
            if step == "1":
                messages.append("1")
            elif step == "yes":
                messages.append(YES[language])
            else:
                pool = self.said.get((language, step)) or self.said[("en", step)]
                said = self.rng.choice(pool)
                messages.append(with_typo(said, self.rng) if self.unique else said)
        self.sent.update(messages)
        return customer, messages


@dataclass
class Tally:
    """What one run measured."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    turns_sent: int = 0
    client_cpu: float = 0.0  # seconds of CPU this client used, which the server did not get


async def post(client: aiohttp.ClientSession, path: str, body: dict[str, str]) -> tuple[int, Any]:
    """POST `body` as JSON; return the status and the decoded answer (its text if not JSON)."""
    async with client.post(path, json=body) as r:
        raw = await r.read()
        try:
            return r.status, json.loads(raw)
        except ValueError:
            return r.status, raw.decode(errors="replace")


async def converse(
    client: aiohttp.ClientSession,
    people: Customers,
    lane: int,
    lanes: int,
    interval: float | None,
    t0: float,
    stop_at: float,
    tally: Tally,
) -> None:
    """Hold conversations on one lane until time is up.

    With `interval`, this lane's turns are due every `interval` seconds (offset by lane);
    without it, each turn goes as soon as the previous answer arrived.
    """
    due = t0 + (interval * lane / lanes if interval else 0.0)
    n = lane
    while True:
        customer, messages = people.conversation(n)
        n += lanes
        status, started = await post(client, "/api/v1/conversations", {"customer_id": customer})
        if status != 201:
            tally.errors.append(f"start {status}")
            return
        conv = started["id"]
        for message in messages:
            if interval:
                now = time.perf_counter()
                if due > now:
                    await asyncio.sleep(due - now)
                sent_at = due
                due += interval
            else:
                sent_at = time.perf_counter()
            if sent_at >= stop_at:
                return
            tally.turns_sent += 1
            status, answer = await post(
                client, f"/api/v1/conversations/{conv}/messages", {"text": message}
            )
            if status != 200:
                tally.errors.append(f"turn {status} {str(answer)[:80]}")
                break
            tally.latencies.append(time.perf_counter() - sent_at)
            if answer["state"] != "assistant":
                break


async def drive(
    base: str, token: str, people: Customers, lanes: int, seconds: float, rate: float | None
) -> tuple[Tally, float]:
    """Run `lanes` conversations at once for `seconds`; return the tally and the wall time."""
    tally = Tally()
    cpu0 = time.process_time()
    headers = {"Authorization": f"Bearer {token}"}
    # One keep-alive connection per conversation, as a customer's browser would hold.
    connector = aiohttp.TCPConnector(limit=lanes)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        base_url=base, headers=headers, connector=connector, timeout=timeout
    ) as c:
        interval = lanes / rate if rate else None
        t0 = time.perf_counter() + 0.2
        stop_at = t0 + seconds
        await asyncio.gather(
            *(converse(c, people, i, lanes, interval, t0, stop_at, tally) for i in range(lanes))
        )
        wall = time.perf_counter() - t0
    tally.client_cpu = time.process_time() - cpu0
    return tally, wall


def report(title: str, tally: Tally, wall: float) -> None:
    """Print the figures of one run."""
    rate = len(tally.latencies) / wall
    print(
        f"  {title}: {len(tally.latencies)} turns in {wall:.1f} s = {rate:.1f} turns/s; "
        f"errors: {len(tally.errors)}"
    )
    if tally.latencies:
        ms = [v * 1000 for v in tally.latencies]
        p50, p95, p99 = (percentile(ms, q) for q in (50, 95, 99))
        print(f"    latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(ms):.1f}")
        share = tally.client_cpu / wall / (os.cpu_count() or 1)
        print(f"    this client used {share:.0%} of the machine's CPU")
    for e in sorted(set(tally.errors))[:5]:
        print(f"    error: {e}")


def start_server(
    url: str, token: str, workers: int, model: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `ridgeline serve --sandbox` and wait until its assistant is ready.

    `model`: the RIDGELINE_LLM_* settings of a hosted model (the stand-in), if any.
    """
    port = free_port()
    env = {**os.environ, "RIDGELINE_ADMIN_TOKEN": token, **(model or {})}
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
            str(workers),
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).json().get("assistant") == "ready":
                break
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.3)
    httpx.post(
        f"{base}/api/v1/admin/clock",
        json={"now": NOW.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    return server, base


def main() -> None:
    """Seed, start the server, drive the conversations, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=32)
    parser.add_argument("--rate", type=float, default=200.0, help="paced turns/s (0: skip)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--unique", action="store_true", help="never send a message twice")
    parser.add_argument(
        "--model-stand-in",
        type=float,
        default=None,
        metavar="MS",
        help="read through a hosted model: the stand-in server, answering in MS milliseconds",
    )
    parser.add_argument("--model-mode", choices=("always", "unsure"), default="always")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ridgeline-bench-assistant-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    people = Customers(prepare(url, args.customers), phrasings(), args.unique)
    token = secrets.token_urlsafe(16)
    with contextlib.ExitStack() as stack:
        model = None
        if args.model_stand_in is not None:
            # A process of its own, as a model server is; it answers `start_flow` of the
            # catalogue intent of each phrasing (nothing for a typo'd or other message).
            model_url, answered = stack.enter_context(stand_in_process(args.model_stand_in / 1000))
            model = {
                "RIDGELINE_LLM_BASE_URL": model_url,
                "RIDGELINE_LLM_MODEL": "stand-in",
                "RIDGELINE_LLM_MODE": args.model_mode,
            }
        server, base = start_server(url, token, args.workers, model)
        try:
            # Every worker process loads its model on its first turns; they are not measured.
            warm, _ = asyncio.run(drive(base, token, people, args.conversations, 3.0, None))
            closed, closed_wall = asyncio.run(
                drive(base, token, people, args.conversations, args.seconds / 2, None)
            )
            paced = None
            if args.rate:
                paced = asyncio.run(
                    drive(base, token, people, args.conversations, args.seconds, args.rate)
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
        if model is not None:
            turns = warm.turns_sent + closed.turns_sent + (paced[0].turns_sent if paced else 0)
            asked = answered()
            model_line = (
                f"  hosted model: the stand-in answering in {args.model_stand_in:.0f} ms, mode "
                f"{args.model_mode}; {asked} requests for {turns} turns "
                f"({100 * asked / max(turns, 1):.0f}% of turns sent to the model)"
            )
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(
        f"assistant turns over HTTP on {backend}: {args.conversations} conversations at once, "
        f"{args.workers} server process(es), {os.cpu_count()} cores shared with this client"
    )
    print(
        f"  messages: {'each unique (typos)' if args.unique else 'catalogue phrasings'}; "
        f"{len(people.sent)} distinct texts sent"
    )
    if model is not None:
        print(model_line)
    report("capacity (closed loop)", closed, closed_wall)
    if paced is not None:
        report(f"paced at {args.rate:.0f} turns/s (open loop)", *paced)


if __name__ == "__main__":
    main()
