"""`make demo` prints where to go only once the server answers /healthz, and says so when it
never does."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi import FastAPI

from ridgeline.cli.demo import announce_when_ready, port_taken, wait_until_ready
from tests.desk.live import free_port, serve


@contextmanager
def healthz(port: int, failures: int) -> Iterator[list[int]]:
    """Serve /healthz on `port`: 503 to the first `failures` requests, then 200; yield the
    statuses answered so far."""
    answered: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 503 if len(answered) < failures else 200
            answered.append(status)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield answered
    finally:
        server.shutdown()
        server.server_close()


def test_the_urls_appear_only_once_the_server_answers(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    stopped: list[bool] = []
    watcher = announce_when_ready(
        f"http://127.0.0.1:{port}", "the URLs", timeout=20, stop=lambda: stopped.append(True)
    )
    time.sleep(0.6)  # nothing listens yet
    assert capsys.readouterr().out == ""
    with healthz(port, failures=2) as answered:
        watcher.join(20)
        assert not watcher.is_alive()
        assert answered == [503, 503, 200]  # starting is not ready: it waits for the 200
    assert capsys.readouterr().out == "the URLs\n"
    assert stopped == []


def test_a_server_that_never_answers_is_named_and_stopped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_port()
    stopped: list[bool] = []
    started = time.monotonic()
    watcher = announce_when_ready(
        f"http://127.0.0.1:{port}", "the URLs", timeout=0.5, stop=lambda: stopped.append(True)
    )
    watcher.join(10)
    assert time.monotonic() - started < 5
    assert stopped == [True]
    out, err = capsys.readouterr()
    assert out == ""
    assert f"did not answer http://127.0.0.1:{port}/healthz within 0 s" in err


def test_the_real_app_answers_healthz(app: FastAPI) -> None:
    with serve(app) as base:
        assert wait_until_ready(base, timeout=10)


def test_a_taken_port_is_noticed_before_anything_starts() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert port_taken(port)
    assert not port_taken(port)
