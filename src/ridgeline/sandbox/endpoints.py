"""Admin routes of the sandbox: load fixtures, set the clock, read the outbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from ridgeline.auth.service import Principal
from ridgeline.customers import repository as customers_repo
from ridgeline.http.deps import Container, ReadSession, WriteSession, container, require_admin
from ridgeline.kit.errors import NotFoundError
from ridgeline.notifications import repository as outbox
from ridgeline.notifications.schemas import OutboxMessageOut
from ridgeline.sandbox import service
from ridgeline.sandbox.schemas import ClockIn, ClockOut, FixtureDocument, Loaded

# One router for /api/v1/admin/... and /api/v1/sandbox/..., so the app includes it once.
router = APIRouter(prefix="/api/v1", tags=["sandbox"])
Admin = Annotated[Principal, Depends(require_admin)]
C = Annotated[Container, Depends(container)]


@router.post("/admin/fixtures", status_code=201, response_model=Loaded)
def load_fixtures(doc: FixtureDocument, session: WriteSession, _admin: Admin, c: C) -> Loaded:
    """Load or replace the records of a fixture document by id, all or nothing (sandbox only)."""
    if not c.settings.sandbox:
        raise HTTPException(403, "fixtures load in sandbox mode only; use `ridgeline import`")
    return Loaded(loaded=service.load(session, doc, c.clock))


@router.post("/admin/clock", response_model=ClockOut)
def set_clock(body: ClockIn, _admin: Admin, c: C) -> ClockOut:
    """Set the server's clock (sandbox mode only)."""
    if not c.settings.sandbox:
        raise HTTPException(403, "the clock can be set in sandbox mode only")
    c.clock.set(body.now)  # kept in the database: every server process tells this time
    return ClockOut(now=c.clock.now())


@router.get("/sandbox/outbox", response_model=list[OutboxMessageOut])
def read_outbox(
    session: ReadSession,
    _admin: Admin,
    c: C,
    customer_id: Annotated[str, Query(min_length=1, max_length=64)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[OutboxMessageOut]:
    """Return a customer's messages, pending and sent, newest first (sandbox mode only).

    A tester reads a one-time code here to finish a contact change or an unlock: the sandbox
    sends no email or SMS.
    """
    if not c.settings.sandbox:
        raise HTTPException(403, "the outbox can be read in sandbox mode only")
    if customers_repo.get(session, customer_id) is None:
        raise NotFoundError("customer", customer_id)
    return [OutboxMessageOut.of(m) for m in outbox.for_customer(session, customer_id, limit)]
