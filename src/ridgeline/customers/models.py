"""Tables of customers and what belongs to them directly.

Besides the customer, these are their cards, their credit decisions and their pending contact
changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ridgeline.kit.db import Base, UTCDateTime


class Customer(Base):
    """A borrower of the lender."""

    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(500), nullable=True)
    market: Mapped[str] = mapped_column(String(2), index=True)
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="active")
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    spending_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)

    cards: Mapped[list[Card]] = relationship(order_by="Card.id", lazy="selectin")


class Card(Base):
    """A payment card issued to the customer: `active`, `frozen` or `cancelled`."""

    __tablename__ = "cards"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    last4: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(16))
    decline_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)


class CreditDecision(Base):
    """A recorded credit decision. Read only: Ridgeline explains it, never makes or changes it."""

    __tablename__ = "credit_decisions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(16))
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id"), nullable=True)
    amount: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)


class ContactChange(Base):
    """A requested change of contact details, or an unlock of the account, awaiting its code.

    The change (of email, phone or address) or the unlock is applied only after the customer
    gives the one-time code (step-up).
    """

    __tablename__ = "contact_changes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    field: Mapped[str] = mapped_column(String(16))
    new_value: Mapped[str] = mapped_column(String(500))
    code_hash: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending")
