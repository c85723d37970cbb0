"""The table of desk agents: who they are, which queues they serve, how many chats they hold.

An agent signs in with an email and a password; only a salted scrypt hash of the password is
stored. `skills` lists the queues of the intent catalogue the agent serves; `capacity` is the
number of conversations the agent may hold at once; `availability` is online, away or offline.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ridgeline.kit.db import Base, UTCDateTime


class Agent(Base):
    """A person of the lender's staff who works the desk."""

    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    skills: Mapped[list[str]] = mapped_column(JSON)
    capacity: Mapped[int] = mapped_column(Integer)
    availability: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
