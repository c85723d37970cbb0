"""Queries of customers, cards, credit decisions and contact changes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ridgeline.customers.models import Card, ContactChange, CreditDecision, Customer


def get(session: Session, customer_id: str) -> Customer | None:
    """Return a customer, or None."""
    return session.get(Customer, customer_id)


def get_card(session: Session, card_id: str) -> Card | None:
    """Return a card, or None."""
    return session.get(Card, card_id)


def credit_decisions(session: Session, customer_id: str) -> Sequence[CreditDecision]:
    """Return a customer's credit decisions, newest first."""
    query = (
        select(CreditDecision)
        .where(CreditDecision.customer_id == customer_id)
        .order_by(CreditDecision.decided_at.desc())
    )
    return session.scalars(query).all()


def pending_change(session: Session, change_id: str) -> ContactChange | None:
    """Return a contact change, or None."""
    return session.get(ContactChange, change_id)


def lock(session: Session, customer_id: str) -> Customer | None:
    """Return a customer, its row locked for this transaction (per-customer limits)."""
    query = select(Customer).where(Customer.id == customer_id).with_for_update()
    return session.scalars(query).one_or_none()
