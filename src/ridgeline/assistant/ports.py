"""The ports of the engine: how it reads and changes records, and how it understands text.

Adapters implement them: over the domain services (records), over the embedded model or a
hosted language model (understanding), and scripted doubles in tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ridgeline.assistant.views import CustomerView


@dataclass(frozen=True)
class Reading:
    """What the understanding made of one customer message."""

    language: str
    intents: tuple[tuple[str, float], ...]  # best first, calibrated confidence
    out_of_scope: bool
    order_ids: tuple[str, ...] = ()
    amounts: tuple[int, ...] = ()
    dates: tuple[date, ...] = ()
    card_last4: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()  # safety intents raised by the explicit phrase layer
    model: str = "unknown"
    requests: tuple[str, ...] = ()  # several requests found in parts, in the order written
    in_domain: float = 1.0  # how sure the reader is that the message is about the lender
    no_words: bool = False  # nothing to read: emoji, punctuation or joining words only
    weak_safety: tuple[str, ...] = ()  # safety intents hinted at by the weak-signal phrases
    model_call: dict[str, Any] | None = None  # what a hosted model was asked, for the audit

    @property
    def top(self) -> tuple[str, float] | None:
        """Return the best intent and its confidence, if any."""
        return self.intents[0] if self.intents else None

    def has(self, intent: str, threshold: float = 0.0) -> bool:
        """Tell whether `intent` was read with at least `threshold` confidence."""
        return any(name == intent and score >= threshold for name, score in self.intents)


@dataclass(frozen=True)
class OrderChoice:
    """One of the customer's orders, as the understanding needs it to resolve references."""

    order_id: str
    merchant: str
    items: tuple[str, ...]
    total: int
    currency: str


class UnderstandingPort(Protocol):
    """Read a customer message."""

    def read(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderChoice],
        language_hint: str | None,
    ) -> Reading:
        """Return what the message says."""
        ...


@dataclass(frozen=True)
class ToolSpec:
    """What the assistant knows of a tool.

    That is the slots it needs, whether it writes, and whether the policy wants it done at once
    (without a confirmation).
    """

    name: str
    needs: tuple[str, ...] = ()
    writes: bool = False
    immediate: bool = False


@dataclass(frozen=True)
class Refusal:
    """A business rule refused the change; `rule` names it."""

    rule: str
    message: str


@dataclass
class ToolResult:
    """What a tool call returned: facts to ground the reply, writes performed, or a refusal."""

    facts: dict[str, Any] = field(default_factory=dict)
    actions: list[dict[str, str]] = field(default_factory=list)
    refusal: Refusal | None = None


class RecordsPort(Protocol):
    """Read and change the lender's records on behalf of one customer."""

    @property
    def tools(self) -> Mapping[str, ToolSpec]:
        """Return the spec of every tool this port can run, by name."""
        ...

    def customer(self, customer_id: str) -> CustomerView:
        """Return the customer with orders, cases, cards and decisions."""
        ...

    def call(self, customer_id: str, tool: str, args: dict[str, Any]) -> ToolResult:
        """Run a named tool (one of `tools`) and return its result.

        Write tools change records in the caller's transaction; a refusal changes nothing.
        """
        ...
