"""Live streams benchmark: what open chat pages cost the server, idle and when a message comes.

Every open chat page (and agent console) holds a server-sent event stream of its conversation.
This opens `--streams` of them against one server process, then prints:
- idle: the server's CPU while nothing happens (only the streams waiting);
- push: the time from a customer's POST to the moment its message arrives on the stream, for
  `--messages` messages sent one after another, while all the streams stay open.

    .venv/bin/python -m benchmarks.streams [--streams 500] [--messages 40] [--database-url URL]

The server is the real one (`ridgeline serve --sandbox --workers 1` in a subprocess, on a
seeded sample portfolio), reached over HTTP with aiohttp. CPU is read from /proc (Linux).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import tempfile
import time
from pathlib import Path

import aiohttp

from benchmarks.assistant import percentile, prepare, start_server

HZ = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


async def listen(
    client: aiohttp.ClientSession, conversation: str, arrived: dict[tuple[str, int], float]
) -> None:
    """Read a conversation's stream, noting when each message (by seq) arrived."""
    async with client.get(f"/api/v1/conversations/{conversation}/events?after=1") as r:
        async for raw in r.content:
            line = raw.decode().strip()
            if line.startswith("id: "):
                arrived[(conversation, int(line[4:]))] = time.perf_counter()


async def run(
    base: str, token: str, people: list[str], streams: int, messages: int, pid: int
) -> None:
    """Open the streams, measure idle CPU and push latency, print the figures."""
    headers = {"Authorization": f"Bearer {token}"}
    connector = aiohttp.TCPConnector(limit=streams + 8)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=10)
    async with aiohttp.ClientSession(
        base_url=base, headers=headers, connector=connector, timeout=timeout
    ) as client:
        conversations = []
        for i in range(streams):
            body = {"customer_id": people[i % len(people)]}
            async with client.post("/api/v1/conversations", json=body) as r:
                conversations.append((await r.json())["id"])
        arrived: dict[tuple[str, int], float] = {}
        readers = [asyncio.create_task(listen(client, c, arrived)) for c in conversations]
        await asyncio.sleep(3.0)  # every stream connected and caught up
        await measure(client, conversations, arrived, readers, messages, pid)
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)


async def measure(
    client: aiohttp.ClientSession,
    conversations: list[str],
    arrived: dict[tuple[str, int], float],
    readers: list[asyncio.Task[None]],
    messages: int,
    pid: int,
) -> None:
    """Idle CPU of the server `pid`, then push latency of `messages` messages."""
    open_now = sum(not t.done() for t in readers)
    before, t0 = cpu_seconds(pid), time.perf_counter()
    await asyncio.sleep(10.0)
    idle = (cpu_seconds(pid) - before) / (time.perf_counter() - t0)
    latencies = []
    gaps = random.Random(5)
    for n in range(messages + 1):
        conversation = conversations[(n * 7919) % len(conversations)]
        seq = max((s for c, s in arrived if c == conversation), default=1) + 1
        sent = time.perf_counter()
        path = f"/api/v1/conversations/{conversation}/messages"
        async with client.post(path, json={"text": "hello"}) as r:
            await r.read()
        while (conversation, seq) not in arrived and time.perf_counter() - sent < 10:
            await asyncio.sleep(0.002)
        latencies.append(arrived.get((conversation, seq), float("inf")) - sent)
        await asyncio.sleep(gaps.uniform(0.05, 0.5))  # out of step with the server's polls
    ms = [v * 1000 for v in latencies[1:]]  # the first turn warms the model up
    print(f"  streams open: {open_now}")
    print(f"  idle: the server used {idle:.1%} of a core with every stream waiting")
    print(
        f"  push ({messages} messages): p50 {percentile(ms, 50):.0f} ms, "
        f"p99 {percentile(ms, 99):.0f} ms, max {max(ms):.0f} ms from POST to the stream"
    )


def main() -> None:
    """Seed, start the server, open the streams, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ridgeline-bench-streams-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    people = [customer for customer, _ in prepare(url, 500)]
    token = secrets.token_urlsafe(16)
    server, base = start_server(url, token, 1)
    try:
        backend = "postgresql" if url.startswith("postgresql") else "sqlite"
        print(f"live streams on one server process ({backend})")
        asyncio.run(run(base, token, people, args.streams, args.messages, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
