"""Queries of cases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.cases.models import Case


def get(session: Session, case_id: str) -> Case | None:
    """Return the case with this id, or None."""
    return session.get(Case, case_id)


def for_customer(session: Session, customer_id: str) -> Sequence[Case]:
    """Return a customer's cases, oldest first."""
    query = select(Case).where(Case.customer_id == customer_id).order_by(Case.opened_at, Case.id)
    return session.scalars(query).all()


def open_of_type(session: Session, customer_id: str, case_type: str) -> Sequence[Case]:
    """Return the customer's open cases of one type."""
    query = select(Case).where(
        Case.customer_id == customer_id, Case.type == case_type, Case.status == "open"
    )
    return session.scalars(query).all()


def has_open_difficulty(session: Session, customer_id: str) -> bool:
    """Tell whether the customer is under a financial-difficulty arrangement (an open case)."""
    return bool(open_of_type(session, customer_id, "financial_difficulty"))


def returns_due(session: Session, now: datetime) -> Sequence[Case]:
    """Return open return cases whose 21-day follow-up has come."""
    query = select(Case).where(Case.type == "return", Case.status == "open", Case.due_at <= now)
    return session.scalars(query).all()
