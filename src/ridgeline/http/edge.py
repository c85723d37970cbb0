"""What every request meets at the door, before any route: a bounded body and one clock reading.

`BodyLimit` refuses a body over `MAX_BODY` (64 KiB) with 413 `payload_too_large` before the
route, its parsing or its token check: a declared `Content-Length` over the limit is refused
without reading a byte, and a body sent without one (chunked) is counted as it arrives and
refused as soon as it passes the limit. So at most 64 KiB of a request is ever held in memory,
whoever sends it. A body within the limit is read here and handed on whole. A route that takes
larger bodies is named to `BodyLimit` with its own limit (`larger`, in `web/app.py`): up to
`MAX_HELD` (1 MiB, a help-centre article) the body is read and counted here the same way;
above it (a file) a declared length over the limit is refused here, and the route reads and
counts the body itself, after its token check, so no more than 1 MiB is held before a token is
checked.

`RequestClock` opens a reading of the stored sandbox clock around each request
(`kit/stored_clock.py`): the clock's row is read at most once per request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ridgeline.http.errors import error_response
from ridgeline.kit.stored_clock import StoredClock

#: The largest request body, in bytes (the contract's 64 KiB).
MAX_BODY = 64 * 1024
#: The largest body read here before the route (larger ones are counted by their route).
MAX_HELD = 1024 * 1024


def header(scope: Scope, name: bytes) -> str | None:
    """Return the request header `name` (lower case), or None."""
    for key, value in scope.get("headers", ()):
        if key == name:
            text: str = value.decode("latin-1")
            return text
    return None


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 before the app sees them."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY, larger: Sequence[tuple[str, int]] = ()
    ) -> None:
        """Guard `app` with a body limit of `limit` bytes; `larger`: (path pattern, limit)."""
        self.app = app
        self.limit = limit
        self.larger = [(re.compile(pattern), most) for pattern, most in larger]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a request on with its body read whole, or answer 413."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = header(scope, b"content-length")
        chunked = header(scope, b"transfer-encoding") is not None
        if length is None and not chunked:
            await self.app(scope, receive, send)  # no body (a GET, an event stream)
            return
        own = next((most for path, most in self.larger if path.match(scope["path"])), None)
        limit = own or self.limit
        if length is not None and (not length.strip().isdigit() or int(length) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        if own is not None and own > MAX_HELD:
            await self.app(scope, receive, send)  # the route counts its own body
            return
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before sending its body: nothing to answer
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, receive, send, limit)
                return
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(b"".join(parts), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = error_response(
            413,
            "payload_too_large",
            f"the request body is over {limit // 1024} KiB",
            {"Connection": "close"},
        )
        await response(scope, receive, send)


def replay(body: bytes, receive: Receive) -> Receive:
    """Return a `receive` that gives `body` whole first, then what the client sends next."""
    given = False

    async def again() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


class RequestClock:
    """Read the stored clock at most once per request (on first use)."""

    def __init__(self, app: ASGIApp, clock: StoredClock) -> None:
        """Give `app` one reading of `clock` per request."""
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request inside one reading of the clock."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.clock.reading():
            await self.app(scope, receive, send)
