"""HTTP routes of orders: read, and the CRM actions a person (or the lender's systems) takes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from ridgeline.auth.service import Principal
from ridgeline.http.deps import (
    Caller,
    Container,
    ReadSession,
    WriteSession,
    can_see_customer,
    container,
    require_staff,
    service_context,
)
from ridgeline.kit.errors import NotFoundError
from ridgeline.lending import collections, repository, returns, service
from ridgeline.lending.schemas import AutopayIn, DisputeIn, OrderOut, PaymentIn, RefundIn

router = APIRouter(prefix="/api/v1/orders", tags=["records"])
Staff = Annotated[Principal, Depends(require_staff)]
C = Annotated[Container, Depends(container)]


@router.get("/{order_id}", response_model=OrderOut)
def get_order(order_id: str, session: ReadSession, caller: Caller) -> OrderOut:
    """Return an order with its plan, fees and refunds."""
    order = repository.get_order(session, order_id)
    if order is None or not can_see_customer(caller, order.customer_id):
        raise NotFoundError("order", order_id)
    return OrderOut.of(order)


def _order_out(session: WriteSession, order_id: str) -> OrderOut:
    session.flush()
    order = repository.get_order(session, order_id)
    if order is None:
        raise NotFoundError("order", order_id)
    session.refresh(order)
    return OrderOut.of(order)


@router.post("/{order_id}/extension", response_model=OrderOut)
def extend(order_id: str, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Extend the next unpaid instalment's due date (one per order, policy rules apply)."""
    service.extend_due_date(service_context(session, c, caller), order_id)
    return _order_out(session, order_id)


@router.post("/{order_id}/pause", response_model=OrderOut)
def pause(order_id: str, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Pause the plan of an order."""
    service.pause_plan(service_context(session, c, caller), order_id, "agent")
    return _order_out(session, order_id)


@router.post("/{order_id}/resume", response_model=OrderOut)
def resume(order_id: str, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Resume a paused plan."""
    service.resume_plan(service_context(session, c, caller), order_id)
    return _order_out(session, order_id)


@router.post("/{order_id}/return", response_model=OrderOut)
def report_return(order_id: str, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Report a return: pause the plan and open the return case."""
    returns.report_return(service_context(session, c, caller), order_id)
    return _order_out(session, order_id)


@router.post("/{order_id}/refunds", response_model=OrderOut)
def refund(order_id: str, body: RefundIn, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Apply a merchant refund to the plan."""
    returns.apply_refund(service_context(session, c, caller), order_id, body.amount)
    return _order_out(session, order_id)


@router.post("/{order_id}/disputes", response_model=OrderOut)
def dispute(order_id: str, body: DisputeIn, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Open a dispute on the order."""
    returns.open_dispute(service_context(session, c, caller), order_id, body.reason)
    return _order_out(session, order_id)


@router.post("/{order_id}/payments", response_model=OrderOut)
def payment(order_id: str, body: PaymentIn, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Record a payment attempt on an instalment."""
    collections.record_payment(
        service_context(session, c, caller), order_id, body.seq, succeeded=body.succeeded
    )
    return _order_out(session, order_id)


@router.post("/{order_id}/autopay", response_model=OrderOut)
def autopay(order_id: str, body: AutopayIn, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Turn automatic payments on or off."""
    service.set_autopay(service_context(session, c, caller), order_id, body.enabled)
    return _order_out(session, order_id)


@router.post("/{order_id}/fees/{fee_id}/waive", response_model=OrderOut)
def waive(order_id: str, fee_id: str, session: WriteSession, caller: Staff, c: C) -> OrderOut:
    """Waive a late fee."""
    fee = repository.get_fee(session, fee_id)
    if fee is None or fee.order_id != order_id:
        raise NotFoundError("fee", fee_id)
    collections.waive_fee(service_context(session, c, caller), fee_id)
    return _order_out(session, order_id)
