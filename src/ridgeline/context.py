"""What every service call carries: the transaction, the clock, who acts, and the policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy.orm import Session

from ridgeline.kit.clock import Clock
from ridgeline.policy import DEFAULT_POLICY, Policy

ActorType = Literal["customer", "assistant", "agent", "system"]


@dataclass(frozen=True)
class Actor:
    """Who performs a change: the customer, the assistant, an agent (by id) or the system."""

    type: ActorType
    id: str | None = None


SYSTEM = Actor("system")


@dataclass(frozen=True)
class ServiceContext:
    """The transaction a service writes in (it flushes, never commits), and its surroundings.

    `journal`, when given, collects the audit entries written through this context, so a caller
    can report what a call changed.
    """

    session: Session
    clock: Clock
    actor: Actor = SYSTEM
    policy: Policy = DEFAULT_POLICY
    journal: list[Any] | None = field(default=None, compare=False)

    def now(self) -> datetime:
        """Return the current time of this context's clock."""
        return self.clock.now()

    def today(self) -> date:
        """Return today's date in UTC."""
        return self.clock.now().date()
