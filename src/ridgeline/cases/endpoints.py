"""HTTP routes of cases."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query

from ridgeline.cases import repository
from ridgeline.cases.schemas import CaseOut
from ridgeline.http.deps import Caller, ReadSession, can_see_customer
from ridgeline.kit.errors import NotFoundError

router = APIRouter(prefix="/api/v1/cases", tags=["records"])


@router.get("", response_model=list[CaseOut])
def list_cases(
    session: ReadSession,
    caller: Caller,
    customer_id: str | None = Query(default=None, max_length=64),
) -> list[CaseOut]:
    """Return a customer's cases (customers: their own, without naming themselves)."""
    wanted = customer_id or (caller.subject if caller.role == "customer" else None)
    if wanted is None:
        raise HTTPException(422, "customer_id is required")
    if not can_see_customer(caller, wanted):
        raise NotFoundError("customer", wanted)
    return [CaseOut.of(case) for case in repository.for_customer(session, wanted)]


@router.get("/{case_id}", response_model=CaseOut)
def get_case(case_id: str, session: ReadSession, caller: Caller) -> CaseOut:
    """Return one case."""
    case = repository.get(session, case_id)
    if case is None or not can_see_customer(caller, case.customer_id):
        raise NotFoundError("case", case_id)
    return CaseOut.of(case)
