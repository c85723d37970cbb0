"""A scripted stand-in for a hosted language model: the real Chat Completions protocol over HTTP.

Tests and benchmarks start `StandInModel` on a free loopback port and point the hosted-model
adapter at `model.url`, exactly as a lender points Ridgeline at Azure OpenAI, vLLM or Ollama:
the adapter cannot tell it from a real server. It answers `POST /v1/chat/completions` with a
`chat.completion` object whose message content is what its script says (a reply queued with
`queue`, else the `responder`'s, else `{"commands": []}`), after an optional delay; it can also
answer an HTTP error, a refusal, or a raw body of any size. Every request body it received is
kept in `requests`, so a test can check what reached the model.

It holds no model: deterministic, like the scripted understanding in `testing.py`.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

MESSAGE = re.compile(r"<<<\n(.*)\n>>>", re.DOTALL)


@dataclass(frozen=True)
class Reply:
    """One scripted answer: message `content`, or a `refusal`, or an HTTP `status` or raw `body`."""

    content: str | None = None
    status: int = 200
    delay: float = 0.0
    refusal: str | None = None
    body: bytes | None = None  # sent as is instead of a chat completion (half JSON, 1 MB)


Responder = Callable[[dict[str, Any]], Reply]


def commands(*items: dict[str, Any], delay: float = 0.0) -> Reply:
    """Return a reply whose content is `{"commands": [items...]}`."""
    return Reply(json.dumps({"commands": list(items)}), delay=delay)


def customer_message(request: dict[str, Any]) -> str:
    """Return the customer's message as the prompt carries it (between its markers)."""
    user = next((m for m in request.get("messages", []) if m.get("role") == "user"), None)
    found = MESSAGE.search(str(user.get("content", ""))) if user else None
    return found.group(1) if found else ""


def by_message(table: dict[str, Reply], default: Reply | None = None) -> Responder:
    """Return a responder that answers by the customer's message (default: no commands)."""

    def respond(request: dict[str, Any]) -> Reply:
        return table.get(customer_message(request), default or commands())

    return respond


class StandInModel:
    """An OpenAI-compatible Chat Completions server on 127.0.0.1, answering from a script."""

    def __init__(self, responder: Responder | None = None, delay: float = 0.0) -> None:
        self.responder = responder
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.peers: list[tuple[str, int]] = []  # the client's address of each request
        self._queued: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """Return the base URL to configure (`.../v1`)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def queue(self, *replies: Reply) -> None:
        """Answer the next requests with `replies`, in order (then the responder again)."""
        with self._lock:
            self._queued.extend(replies)

    def sent(self) -> list[str]:
        """Return every prompt received, system and user messages joined, in order."""
        with self._lock:
            return [
                "\n".join(str(m.get("content", "")) for m in r.get("messages", []))
                for r in self.requests
            ]

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StandInModel:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self._queued:
                return self._queued.popleft()
        if self.responder is not None:
            return self.responder(request)
        return commands()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        model = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers
            disable_nagle_algorithm = True  # TCP_NODELAY, as real servers (no 40 ms stalls)

            def log_message(self, format: str, *args: Any) -> None:
                return  # quiet

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, json.dumps({"object": "list", "data": []}).encode())
                else:
                    self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, b'{"error": {"message": "not found"}}')
                    return
                try:
                    request = json.loads(raw)
                    assert isinstance(request, dict)
                    assert isinstance(request["model"], str)
                    assert isinstance(request["messages"], list)
                except (ValueError, KeyError, AssertionError):
                    self._send(400, b'{"error": {"message": "not a chat completion request"}}')
                    return
                with model._lock:
                    model.headers.append(dict(self.headers.items()))
                    model.peers.append((str(self.client_address[0]), int(self.client_address[1])))
                reply = model._next(request)
                wait = reply.delay or model.delay
                if wait:
                    time.sleep(wait)
                if reply.body is not None:
                    self._send(reply.status, reply.body)
                elif reply.status != 200:
                    self._send(reply.status, b'{"error": {"message": "scripted failure"}}')
                else:
                    self._send(200, json.dumps(_completion(request, reply)).encode())

            def _send(self, status: int, body: bytes) -> None:
                # The status line, headers and body leave in one write, as real servers send
                # them (separate small writes meet Nagle's algorithm and delayed ACKs).
                reason = self.responses.get(status, ("",))[0]
                head = (
                    f"{self.protocol_version} {status} {reason}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                )
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(head.encode("latin-1") + body)  # unless the client left

        return Handler


class _Server(ThreadingHTTPServer):
    """The HTTP server, quiet when a client hangs up early (as the adapter's limits make it)."""

    daemon_threads = True
    request_queue_size = 128  # many conversations connect at once in the benchmarks

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore a connection the client dropped; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _completion(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """Return a `chat.completion` object carrying the reply."""
    return {
        "id": f"chatcmpl-standin-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request["model"],
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None if reply.refusal else reply.content,
                    "refusal": reply.refusal,
                },
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }
