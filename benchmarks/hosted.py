"""Hosted-model benchmark: what asking a model adds to reading a message, beyond its answer time.

Target (issue 15): the added latency of a turn is the model's answer time plus at most 5 ms,
measured against the stand-in with zero delay. This prints figures only.

    .venv/bin/python -m benchmarks.hosted [--rounds 5] [--delay-ms 0]

Each catalogue phrasing (six languages) is read by the engine's `read` in a conversation
waiting for nothing, through the hosted adapter in mode `always` against the stand-in on a
loopback port (a real HTTP round trip on a kept connection), which answers `start_flow` of the
phrasing's intent. The added time of a read is its whole time less that of the embedded reading
inside it (timed in place, so caches are the same); the adapter's own part is that less the
model call's wall time (`model_call.ms`): rendering the prompt, taking contact details out,
encoding the request, reading and validating the answer, checking the commands, building the
reading.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from multiprocessing.connection import Connection
from typing import Any

from ridgeline.assistant.adapters.embedded import EmbeddedUnderstanding
from ridgeline.assistant.adapters.hosted import HostedConfig, HostedUnderstanding
from ridgeline.assistant.adapters.hosted.prompt import offered_flows
from ridgeline.assistant.engine import Engine
from ridgeline.assistant.ports import OrderChoice, Reading
from ridgeline.assistant.standin import Reply, StandInModel, customer_message
from ridgeline.assistant.state import ConversationState
from ridgeline.assistant.views import CustomerView, InstallmentView, OrderView
from ridgeline.understanding.catalogue import examples

TODAY = date(2026, 3, 10)


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank percentile `q` (0-100) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def customer() -> CustomerView:
    """Return a customer with three orders (the prompt lists them)."""
    orders = tuple(
        OrderView(
            id=f"O{n}",
            merchant="Nordic Shoes",
            items=("Running shoes",),
            placed_at=datetime(2026, 2, 20, 9, tzinfo=UTC),
            currency="EUR",
            total=12000,
            product="pay_in_4",
            plan_status="active",
            apr_bps=0,
            autopay=True,
            installments=tuple(
                InstallmentView(i, date(2026, 3 + i, 20), 3000, "scheduled") for i in range(1, 4)
            ),
        )
        for n in range(1, 4)
    )
    return CustomerView(
        "C1", "Alex Taylor", "GB", "en", "EUR", "a@example.com", "+447700900000", False,
        "active", None, orders,
    )  # fmt: skip


def catalogue_answer(request: dict[str, Any]) -> Reply:
    """Answer `start_flow` of the intent of a catalogue phrasing (nothing for anything else)."""
    intent = _intents().get(customer_message(request))
    command = {"command": "start_flow", "flow": intent, "slots": {"order_id": None}}
    return Reply(json.dumps({"commands": [command] if intent in offered_flows() else []}))


@cache
def _intents() -> dict[str, str]:
    return {e.text: e.intent for e in examples()}


def _serve(conn: Connection, delay: float) -> None:
    """Serve the stand-in in this (child) process until told to stop."""
    with StandInModel(catalogue_answer, delay) as model:
        conn.send(model.url)
        conn.recv()
        conn.send(len(model.requests))


@contextmanager
def stand_in_process(delay: float) -> Iterator[tuple[str, Callable[[], int]]]:
    """Run the stand-in in a process of its own (as a real server is); yield its URL and a
    function that stops it and returns how many requests it answered."""
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(theirs, delay), daemon=True
    )
    process.start()
    url = ours.recv()
    answered: list[int] = []

    def stop() -> int:
        if not answered:
            ours.send("stop")
            answered.append(ours.recv())
        return answered[0]

    try:
        yield url, stop
    finally:
        stop()
        process.join(timeout=10)


class Timed:
    """The embedded understanding, timed: how long its last reading took."""

    def __init__(self, inner: EmbeddedUnderstanding) -> None:
        self.inner = inner
        self.last_ms = 0.0

    def read(
        self, text: str, *, today: date, orders: Sequence[OrderChoice], language_hint: str | None
    ) -> Reading:
        """Read with the embedded understanding and note the time it took."""
        t0 = time.perf_counter()
        found = self.inner.read(text, today=today, orders=orders, language_hint=language_hint)
        self.last_ms = (time.perf_counter() - t0) * 1000
        return found


def main() -> None:
    """Read every phrasing both ways and print the added time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    texts = [e.text for e in examples()]
    view = customer()
    embedded = Timed(EmbeddedUnderstanding())
    with stand_in_process(args.delay_ms / 1000) as (url, count):
        config = HostedConfig(url, "stand-in", mode="always", response_format="json_schema")
        hosted = HostedUnderstanding(config, embedded)
        engine = Engine(hosted)
        for text in texts[:50]:  # warm up (model load, connection)
            engine.read(ConversationState("en"), text, view, TODAY)
        added: list[float] = []
        own: list[float] = []
        calls: list[float] = []
        for _ in range(args.rounds):
            for text in texts:
                t0 = time.perf_counter()
                reading = engine.read(ConversationState("en"), text, view, TODAY)
                total = (time.perf_counter() - t0) * 1000
                assert isinstance(reading, Reading) and reading.model_call is not None
                if not reading.model_call["asked"]:
                    continue
                extra = total - embedded.last_ms  # the same read without the model
                call_ms = float(reading.model_call.get("ms", 0.0))
                added.append(extra)
                calls.append(call_ms)
                own.append(extra - call_ms)
        hosted.close()
        requests = count()
    print(
        f"hosted model against the stand-in ({args.delay_ms:.0f} ms delay), mode always: "
        f"{len(added)} reads of {len(texts)} catalogue phrasings, {requests} model requests"
    )
    print(f"  outcomes: {dict(hosted.stats)}")
    for label, values in (
        ("added per read (hosted - embedded)", added),
        ("the model call (HTTP round trip)", calls),
        ("the adapter's own part (added - call)", own),
    ):
        print(
            f"  {label}: mean {statistics.fmean(values):.2f} ms, p50 "
            f"{percentile(values, 50):.2f}, p95 {percentile(values, 95):.2f}, "
            f"p99 {percentile(values, 99):.2f}"
        )
    verdict = "met" if percentile(own, 95) <= 5.0 else "NOT met"
    print(f"  target: the model's answer time plus at most 5 ms (p95 of the rest): {verdict}")


if __name__ == "__main__":
    main()
