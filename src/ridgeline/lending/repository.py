"""Queries of orders, plans, instalments and fees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridgeline.lending.models import Fee, Installment, Order, Plan


def get_order(session: Session, order_id: str) -> Order | None:
    """Return the order with its merchant, items, plan, fees and refunds, or None."""
    return session.get(Order, order_id)


def lock_plan(session: Session, order_id: str) -> Plan | None:
    """Return the plan of an order, locked against concurrent writers (SELECT ... FOR UPDATE)."""
    query = select(Plan).where(Plan.order_id == order_id).with_for_update()
    plan = session.scalars(query).one_or_none()
    if plan is not None:
        session.refresh(plan, attribute_names=["installments", "extension"])
    return plan


def orders_of(session: Session, customer_id: str) -> Sequence[Order]:
    """Return a customer's orders, newest first."""
    query = (
        select(Order)
        .where(Order.customer_id == customer_id)
        .order_by(Order.placed_at.desc(), Order.id)
    )
    return session.scalars(query).all()


def waivers_since(session: Session, customer_id: str, since: datetime) -> int:
    """Count the fees waived on a customer's orders since `since`."""
    query = (
        select(func.count(Fee.id))
        .join(Order, Order.id == Fee.order_id)
        .where(Order.customer_id == customer_id, Fee.status == "waived", Fee.waived_at >= since)
    )
    return int(session.scalar(query) or 0)


def get_fee(session: Session, fee_id: str) -> Fee | None:
    """Return a fee, or None."""
    return session.get(Fee, fee_id)


def installments_past(session: Session, cutoff: date) -> Sequence[Installment]:
    """Return unpaid instalments due on or before `cutoff` that may turn overdue."""
    query = (
        select(Installment)
        .where(Installment.due_date <= cutoff, Installment.status.in_(("scheduled", "failed")))
        .order_by(Installment.order_id, Installment.seq)
    )
    return session.scalars(query).all()


def retries_due(session: Session, today: date) -> Sequence[Installment]:
    """Return failed instalments whose single retry is due."""
    query = select(Installment).where(
        Installment.status == "failed",
        Installment.retried.is_(False),
        Installment.retry_on <= today,
    )
    return session.scalars(query).all()
