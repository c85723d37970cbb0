"""The case table: the customer matters that outlive a conversation, each with its clocks.

A case is a dispute, a return, fraud, a complaint, financial difficulty, a credit review, a
privacy request or a billing error; each carries the regulatory clocks of its kind.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ridgeline.kit.db import Base, UTCDateTime


class Case(Base):
    """A piece of work with a deadline, opened for a customer and often for one order.

    `due_at` is the main regulatory deadline of the type; `follow_up_at` the next internal step
    (evidence request of a dispute, the 21-day check of a return); `summary_due_at` the end of
    the summary-resolution window of a complaint.
    """

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    follow_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    summary_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
