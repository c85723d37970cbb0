"""Call an OpenAI-compatible Chat Completions server over a pool of kept-alive connections.

`httpx` directly rather than the `openai` client (ARCHITECTURE.md says why): one request shape,
a pool shared by the threads that read messages, a deadline over the whole answer and a cap
on its size (a server that sends a megabyte of text is cut off at `MAX_BYTES`, never read
whole). Every way a call can fail ends in a `Call` with an outcome, never an exception:
`error` (no connection, an HTTP error, not the protocol's envelope), `timeout`, or the
content for the caller to judge. After `BREAK_AFTER` failures in a row the client stops
calling for `COOL_DOWN` seconds (outcome `unavailable`), so a server that is down costs each
turn nothing instead of the whole timeout.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from ridgeline.assistant.adapters.hosted.config import HostedConfig

MAX_BYTES = 256 * 1024  # an answer of a few commands is well under 2 KiB
BREAK_AFTER = 5
COOL_DOWN = 30.0


@dataclass(frozen=True)
class Call:
    """What one request to the model came to.

    `outcome` is `answered` (with `content`), `refused` (the model declined, with
    `refusal`), `too_large`, `error`, `timeout` or `unavailable` (not sent: the server failed
    too often just now). `ms` is the wall time of the request.
    """

    outcome: str
    ms: float
    content: str | None = None
    refusal: str | None = None
    detail: str | None = None


class ChatClient:
    """A Chat Completions client with a connection pool, a deadline and a circuit breaker."""

    def __init__(self, config: HostedConfig, transport: httpx.BaseTransport | None = None):
        self.config = config
        headers = {"Content-Type": "application/json"}
        if config.api_key:
            if config.api_key_header.lower() == "authorization":
                headers["Authorization"] = f"Bearer {config.api_key}"
            else:
                headers[config.api_key_header] = config.api_key
        self._http = httpx.Client(
            base_url=config.base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(config.timeout, connect=min(config.timeout, 3.0)),
            limits=httpx.Limits(
                max_connections=config.max_connections,
                max_keepalive_connections=config.max_connections,
                keepalive_expiry=60.0,
            ),
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # a proxy set for other tools must not see customers' messages
        )
        self._lock = threading.Lock()
        self._failures = 0
        self._closed_until = 0.0
        self._prefixes: dict[tuple[int, tuple[tuple[str, str], ...]], str] = {}

    def close(self) -> None:
        """Close the pooled connections."""
        self._http.close()

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Call:
        """Ask the model; return what came of it (never raises on the server's account)."""
        started = time.perf_counter()
        with self._lock:
            if time.monotonic() < self._closed_until:
                return Call("unavailable", 0.0)
        call = self._request(self._body(messages, schema), started)
        with self._lock:
            if call.outcome in ("error", "timeout"):
                self._failures += 1
                if self._failures >= BREAK_AFTER:
                    self._closed_until = time.monotonic() + COOL_DOWN
                    self._failures = 0
            else:
                self._failures = 0
        return call

    def _body(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> bytes:
        """Return the request's JSON: all but the last message are encoded once and reused."""
        head, last = messages[:-1], messages[-1]
        key = (id(schema), tuple((m["role"], m["content"]) for m in head))
        prefix = self._prefixes.get(key)
        if prefix is None:
            fixed: dict[str, Any] = {"model": self.config.model, "temperature": 0}
            if self.config.max_tokens:
                fixed["max_tokens"] = self.config.max_tokens
            if self.config.response_format == "json_schema":
                fixed["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "ridgeline_commands", "strict": True, "schema": schema},
                }
            elif self.config.response_format == "json_object":
                fixed["response_format"] = {"type": "json_object"}
            earlier = "".join(json.dumps(m, ensure_ascii=False) + ", " for m in head)
            prefix = json.dumps(fixed, ensure_ascii=False)[:-1] + f', "messages": [{earlier}'
            if len(self._prefixes) > 8:
                self._prefixes.clear()
            self._prefixes[key] = prefix
        return (prefix + json.dumps(last, ensure_ascii=False) + "]}").encode()

    def _request(self, body: bytes, started: float) -> Call:
        deadline = time.monotonic() + self.config.timeout

        def spent() -> float:
            return round((time.perf_counter() - started) * 1000, 1)

        try:
            with self._http.stream("POST", "chat/completions", content=body) as response:
                raw = bytearray()
                for chunk in response.iter_bytes():
                    raw += chunk
                    if len(raw) > MAX_BYTES:
                        return Call("too_large", spent(), detail=f"over {MAX_BYTES} bytes")
                    if time.monotonic() > deadline:
                        return Call("timeout", spent(), detail="answer still arriving")
                if response.status_code != 200:
                    return Call("error", spent(), detail=f"HTTP {response.status_code}")
        except httpx.TimeoutException as exc:
            return Call("timeout", spent(), detail=type(exc).__name__)
        except httpx.HTTPError as exc:
            return Call("error", spent(), detail=type(exc).__name__)
        return _envelope(bytes(raw), spent())


def _envelope(raw: bytes, ms: float) -> Call:
    """Return the content or refusal of a Chat Completions answer (`error` if not one)."""
    try:
        data = json.loads(raw)
        message = data["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        return Call("error", ms, detail="not a chat completion")
    if not isinstance(message, dict):
        return Call("error", ms, detail="not a chat completion")
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal:
        return Call("refused", ms, refusal=refusal[:200])
    content = message.get("content")
    if not isinstance(content, str):
        return Call("answered", ms, content="")
    return Call("answered", ms, content=content)
