"""How many live event streams one token may hold open at once.

A live stream (`text/event-stream`) holds a connection and a place in the process's watch for
up to five minutes, so one token could otherwise hold hundreds. Each server process lets a token
hold `PER_TOKEN` (5) streams at once; the sixth answers 429 `too_many_streams` with
`Retry-After`, and a place is free again as soon as a stream ends (the client leaving included).
The count is per process: with N processes a token may hold up to 5 x N streams, a bound on
abuse rather than an exact quota (a browser tab needs one). Tokens are counted by their hash,
never kept as such. Admin tokens (the lender's own systems, which may follow many conversations
at once) are not limited, as with the customers' message limit.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import AsyncIterable, Callable, Mapping

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from ridgeline.http.errors import ApiError

#: Live streams one token may hold open at once in one process.
PER_TOKEN = 5
RETRY_SECONDS = 5


class StreamSlots:
    """Places for live streams, `per_token` for each token."""

    def __init__(self, per_token: int = PER_TOKEN) -> None:
        """Allow `per_token` streams at once per token."""
        self.per_token = per_token
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()

    def take(self, token: str, *, unlimited: bool = False) -> Callable[[], None]:
        """Take a place for a stream of `token`; return what gives it back, or raise 429.

        An `unlimited` token (an admin's) takes no place.
        """
        if unlimited:
            return lambda: None
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            held = self._open.get(key, 0)
            if held >= self.per_token:
                raise ApiError(
                    429,
                    "too_many_streams",
                    f"this token already holds {held} live streams; close one first",
                    {"Retry-After": str(RETRY_SECONDS)},
                )
            self._open[key] = held + 1
        given = False

        def give_back() -> None:
            nonlocal given
            with self._lock:
                if given:
                    return
                given = True
                left = self._open.get(key, 1) - 1
                if left > 0:
                    self._open[key] = left
                else:
                    self._open.pop(key, None)

        return give_back

    def held(self, token: str) -> int:
        """Return how many streams `token` holds now."""
        with self._lock:
            return self._open.get(hashlib.sha256(token.encode()).hexdigest(), 0)


class HeldStream(StreamingResponse):
    """A live stream that gives its place back when it ends, however it ends."""

    def __init__(
        self,
        content: AsyncIterable[str],
        give_back: Callable[[], None],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Stream `content` as server-sent events; call `give_back` at the end."""
        super().__init__(content, media_type="text/event-stream", headers=headers)
        self._give_back = give_back

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the stream, then give its place back."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._give_back()
