"""Tables of orders and their payment plans.

A customer buys from a merchant: the order has items and one plan, whose instalments are paid by
payments; late fees, refunds and the one due-date extension an order may have hang off the order.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ridgeline.kit.db import Base, UTCDateTime


class Merchant(Base):
    """A shop that sells on credit through the lender."""

    __tablename__ = "merchants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))


class Order(Base):
    """A purchase financed by one payment plan."""

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[int] = mapped_column(Integer)

    merchant: Mapped[Merchant] = relationship(lazy="joined")
    items: Mapped[list[OrderItem]] = relationship(
        cascade="all, delete-orphan", order_by="OrderItem.position", lazy="selectin"
    )
    plan: Mapped[Plan] = relationship(cascade="all, delete-orphan", lazy="selectin")
    fees: Mapped[list[Fee]] = relationship(
        cascade="all, delete-orphan", order_by="Fee.id", lazy="selectin"
    )
    refunds: Mapped[list[Refund]] = relationship(
        cascade="all, delete-orphan", order_by="Refund.created_at", lazy="selectin"
    )


class OrderItem(Base):
    """One line of an order."""

    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_amount: Mapped[int] = mapped_column(Integer)


class Plan(Base):
    """The payment plan of an order (one per order).

    `version` is an optimistic-lock counter: a write based on a stale read of the plan fails
    instead of overwriting a concurrent change.
    """

    __tablename__ = "plans"

    order_id: Mapped[str] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    product: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    apr_bps: Mapped[int] = mapped_column(Integer, default=0)
    autopay: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    installments: Mapped[list[Installment]] = relationship(
        cascade="all, delete-orphan", order_by="Installment.seq", lazy="selectin"
    )
    extension: Mapped[DueDateExtension | None] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declared form


class Installment(Base):
    """One scheduled payment of a plan.

    `amount` is what is due now (after refunds); `original_amount` is the schedule as agreed.
    """

    __tablename__ = "installments"
    __table_args__ = (UniqueConstraint("order_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(
        ForeignKey("plans.order_id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    original_amount: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    retry_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    retried: Mapped[bool] = mapped_column(Boolean, default=False)


class Payment(Base):
    """One attempt to collect an instalment, successful or not."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    installment_seq: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(16), default="autopay")


class Fee(Base):
    """A late fee on one instalment: `charged`, `paid` or `waived`."""

    __tablename__ = "fees"
    __table_args__ = (UniqueConstraint("order_id", "installment_seq"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    installment_seq: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    charged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Refund(Base):
    """A merchant refund and how it was applied to the plan."""

    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    excess: Mapped[int] = mapped_column(Integer, default=0)
    allocation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DueDateExtension(Base):
    """The one due-date extension an order may have.

    The unique order id makes a second one impossible even when two requests race.
    """

    __tablename__ = "due_date_extensions"

    order_id: Mapped[str] = mapped_column(
        ForeignKey("plans.order_id", ondelete="CASCADE"), primary_key=True
    )
    installment_seq: Mapped[int] = mapped_column(Integer)
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HardshipArrangement(Base):
    """A plan change a person agreed for a customer in financial difficulty (`hardship.py`).

    `terms` holds the kind's parameters (`days` of a pause, `count` of instalments); `before`
    and `after` the instalments it changed, so that it can be cancelled while nothing of the new
    schedule has moved; `added` the numbers of the instalments it appended.
    """

    __tablename__ = "hardship_arrangements"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    after: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    added: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
