"""`Idempotency-Key` on every POST: a retried request is answered, not run again.

The contract: the first request's status and body are kept for 24 hours per caller and key; a
repeat with the same key and the same body gets them again and changes nothing; the same key
with another body answers 422 `idempotency_key_reused`. This middleware does it for every POST
route at once (`kit/idempotency.py` keeps the keys in the database, so it holds across
processes and restarts):

1. A POST without the header, or whose caller is unknown (no token, a bad token: the route
   answers 401; the desk's sign-in: a new token is never stored here), passes straight on.
2. The key (1 to 255 printable ASCII characters, else 422 `invalid_idempotency_key`) is scoped
   to the caller (the token's principal: role and subject, so two tokens of one customer share
   their keys) and the route (method and path); the body and query make its fingerprint.
3. The key is claimed by an INSERT before the route runs. Taken by an answered request with the
   same fingerprint: that answer again, with `Idempotent-Replayed: true`. Taken by one still
   running (or whose process died before it answered): 409 `idempotency_key_in_progress` with
   `Retry-After`. Another fingerprint: 422 `idempotency_key_reused`.
4. The route's answer is kept before it is sent, so a client that got an answer can always get
   it again. Kept: every answer the route gave, errors included (a 500 too, since its work may
   have been done), except those that say nothing ran and a retry may succeed: 401, 403, 413,
   429, 503, 409 `conflict` and 422 `invalid_request` (the schema refused the body). For those
   the key is given back. An answer that sets a cookie or says `Cache-Control: no-store` (a
   secret) is never kept either.

The principal found here is handed to the route (`request.state.principal`), so the token is
looked up once per request.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ridgeline.auth.service import Principal, admin_of, resolve
from ridgeline.http.deps import Container
from ridgeline.http.edge import header, replay
from ridgeline.http.errors import error_body, error_response
from ridgeline.kit import idempotency
from ridgeline.kit.logs import log_event

HEADER = b"idempotency-key"
#: Answers that say the request ran nothing and a retry may succeed: the key is given back.
NOT_KEPT_STATUS = frozenset({401, 403, 413, 429, 503})
NOT_KEPT_CODES = frozenset({"conflict", "invalid_request"})
PURGE_SECONDS = 600.0  # how often a process deletes expired keys


def valid_key(key: str) -> bool:
    """Tell whether `key` is 1 to 255 printable ASCII characters without spaces."""
    return 0 < len(key) <= 255 and all(0x21 <= ord(ch) <= 0x7E for ch in key)


def caller_label(principal: Principal) -> str:
    """Return the caller a key belongs to: role and subject."""
    return f"{principal.role}:{principal.subject or ''}"


def _kept(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
    """Tell whether an answer is kept for repeats (see the module docstring)."""
    if status in NOT_KEPT_STATUS:
        return False
    for name, value in headers:
        if name.lower() == b"set-cookie":
            return False
        if name.lower() == b"cache-control" and b"no-store" in value.lower():
            return False
    if status in (409, 422):
        try:
            code = json.loads(body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return True
        return code not in NOT_KEPT_CODES
    return True


class Idempotency:
    """Answer a repeated POST with its first answer (see the module docstring)."""

    def __init__(self, app: ASGIApp, container: Container) -> None:
        """Keep the answers of `app`'s POST routes in `container`'s database."""
        self.app = app
        self.container = container
        self._purged_at = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run a POST with a key at most once; pass everything else on."""
        key = header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if not valid_key(key):
            message = "Idempotency-Key takes 1 to 255 printable ASCII characters, no spaces"
            await error_response(422, "invalid_idempotency_key", message)(scope, receive, send)
            return
        principal = await self._principal(scope)
        if principal is None:
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["principal"] = principal
        body = await _body(receive)
        request = idempotency.Request(
            caller_label(principal),
            f"POST {scope['path']}",
            key,
            body,
            scope.get("query_string", b"").decode("latin-1"),
        )
        found = await self._write(idempotency.claim, self.container.db, request)
        if found.state == "claimed":
            await self._run(request, scope, replay(body, receive), send)
            return
        if found.state == "reused":
            response: Response = error_response(
                422,
                "idempotency_key_reused",
                "this Idempotency-Key was used with another body; use a new key",
            )
        elif found.state == "in_progress":
            response = error_response(
                409,
                "idempotency_key_in_progress",
                "a request with this Idempotency-Key is still running; try again shortly",
                {"Retry-After": "1"},
            )
        else:
            response = Response(
                found.body or b"",
                status_code=found.status or 200,
                media_type=found.content_type,
                headers={"Idempotent-Replayed": "true"},
            )
            log_event("http.idempotency.replayed", route=request.route, status=found.status)
        await response(scope, receive, send)

    async def _run(
        self, request: idempotency.Request, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Run the route, keep its answer, then send it."""
        start: Message | None = None
        parts: list[bytes] = []
        passing = False  # a streamed answer goes out as it comes and is not kept

        async def hold(message: Message) -> None:
            nonlocal start, passing
            if message["type"] == "http.response.start":
                start = message
                kind = MutableHeaders(raw=list(message.get("headers", []))).get("content-type", "")
                if kind.startswith("text/event-stream"):
                    passing = True
                    await send(message)
            elif passing:
                await send(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        try:
            await self.app(scope, receive, hold)
        except Exception:
            # The route may have done its work before it failed: keep the 500 it answers.
            failed = error_body("internal_error", "something went wrong; nothing was written")
            await self._write(
                idempotency.answer,
                self.container.db,
                request,
                500,
                "application/json",
                json.dumps(failed).encode(),
            )
            raise
        if start is None:  # the client left before an answer: the request may have run
            return
        if passing:
            await self._write(idempotency.release, self.container.db, request)
            return
        body = b"".join(parts)
        status = int(start["status"])
        headers = list(start.get("headers", []))
        if _kept(status, headers, body):
            kind = MutableHeaders(raw=headers).get("content-type")
            await self._write(idempotency.answer, self.container.db, request, status, kind, body)
        else:
            await self._write(idempotency.release, self.container.db, request)
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})
        await self._purge_now_and_then()

    async def _principal(self, scope: Scope) -> Principal | None:
        """Return the caller of the bearer token, or None (no token, an unknown one)."""
        scheme, _, token = (header(scope, b"authorization") or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        settings = self.container.settings
        found = admin_of(token, settings.admin_token)
        if found is None:
            found = await run_in_threadpool(self._look_up, token)
        return found

    def _look_up(self, token: str) -> Principal | None:
        with self.container.db.reader() as session:
            return resolve(session, token, self.container.settings.admin_token)

    async def _write(self, work: Any, *args: Any) -> Any:
        """Run a write of the keys in a worker thread, in turn with the process's writers."""
        async with self.container.lanes().writing:
            return await run_in_threadpool(work, *args)

    async def _purge_now_and_then(self) -> None:
        now = time.monotonic()
        if now - self._purged_at < PURGE_SECONDS:
            return
        self._purged_at = now
        gone = await self._write(idempotency.purge, self.container.db)
        if gone:
            log_event("http.idempotency.purged", keys=gone)


async def _body(receive: Receive) -> bytes:
    """Read the request body whole (the body limit runs first, so it is at most 64 KiB)."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)
