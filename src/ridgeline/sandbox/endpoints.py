"""Admin routes of the sandbox: load fixtures, set the clock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from ridgeline.auth.service import Principal
from ridgeline.sandbox import service
from ridgeline.sandbox.schemas import ClockIn, ClockOut, FixtureDocument, Loaded
from ridgeline.web.deps import Container, WriteSession, container, require_admin

router = APIRouter(prefix="/api/v1/admin", tags=["sandbox"])
Admin = Annotated[Principal, Depends(require_admin)]
C = Annotated[Container, Depends(container)]


@router.post("/fixtures", status_code=201, response_model=Loaded)
def load_fixtures(doc: FixtureDocument, session: WriteSession, _admin: Admin, c: C) -> Loaded:
    """Load or replace the records of a fixture document by id, all or nothing (sandbox only)."""
    if not c.settings.sandbox:
        raise HTTPException(403, "fixtures load in sandbox mode only; use `ridgeline import`")
    return Loaded(loaded=service.load(session, doc, c.clock))


@router.post("/clock", response_model=ClockOut)
def set_clock(body: ClockIn, _admin: Admin, c: C) -> ClockOut:
    """Set the server's clock (sandbox mode only)."""
    if not c.settings.sandbox:
        raise HTTPException(403, "the clock can be set in sandbox mode only")
    c.clock.set(body.now)
    return ClockOut(now=c.clock.now())
