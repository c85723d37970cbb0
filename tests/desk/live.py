"""A real uvicorn server on 127.0.0.1 in a thread, and a reader of server-sent events."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run `app` on a real uvicorn server in a thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Event:
    """One server-sent event."""

    id: int | None
    event: str
    data: dict[str, Any]


@dataclass
class EventReader:
    """Parse a text/event-stream response line by line."""

    lines: Iterator[str]
    events: list[Event] = field(default_factory=list)

    def next(self) -> Event:
        """Return the next event (comments and `retry:` lines are skipped)."""
        fields: dict[str, str] = {}
        for line in self.lines:
            if not line:
                if "data" in fields:
                    event = Event(
                        int(fields["id"]) if "id" in fields else None,
                        fields.get("event", "message"),
                        json.loads(fields["data"]),
                    )
                    self.events.append(event)
                    return event
                fields = {}
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        raise EOFError("the stream ended")

    def until(self, wanted: str, timeout: float = 15.0) -> Event:
        """Return the first event whose text is `wanted` (fail after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self.next()
            if event.data.get("text") == wanted:
                return event
        raise TimeoutError(f"no event with text {wanted!r} in {timeout} s")


@contextmanager
def stream(
    base: str, conversation_id: str, token: str, *, after: int = 0, last_event_id: int | None = None
) -> Iterator[EventReader]:
    """Open the live stream of a conversation; yield a reader of its events."""
    headers = {"Authorization": f"Bearer {token}"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    url = f"{base}/api/v1/conversations/{conversation_id}/events"
    timeout = httpx.Timeout(20.0, connect=5.0)
    with (
        httpx.Client(timeout=timeout) as client,
        client.stream("GET", url, params={"after": after}, headers=headers) as response,
    ):
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        yield EventReader(response.iter_lines())
