"""The records port of the assistant, implemented over the domain services in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ridgeline.assistant.ports import Refusal, ToolResult, ToolSpec
from ridgeline.assistant.views import CustomerView
from ridgeline.audit.actions import CONTRACT_ACTIONS
from ridgeline.audit.models import AuditEntry
from ridgeline.context import ServiceContext
from ridgeline.customers.service import WrongCodeError
from ridgeline.kit.errors import InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.records.tools import SPECS, TOOLS
from ridgeline.records.views import customer_view


def _rule_of(exc: RuleRefusedError | NotFoundError | InvalidInputError) -> str:
    """Return the refusal a domain error stands for, as the replies name it."""
    if isinstance(exc, RuleRefusedError):
        return exc.rule
    if isinstance(exc, InvalidInputError):
        return "invalid_value"
    return "not_allowed"


class WriteNeededError(Exception):
    """A turn worked out ahead of its transaction came to a tool that changes records."""


class RecordsAdapter:
    """Read and change one customer's records as the assistant, in the caller's transaction."""

    tools: Mapping[str, ToolSpec] = SPECS

    def __init__(
        self, ctx: ServiceContext, view: CustomerView | None = None, *, read_only: bool = False
    ) -> None:
        """Act in `ctx`; `view`, when given, is the customer's view read a moment ago.

        A `read_only` adapter raises `WriteNeededError` before any tool that writes runs.
        """
        self.ctx = ctx
        self._view = view
        self._read_only = read_only

    def customer(self, customer_id: str) -> CustomerView:
        """Return the customer view (rebuilt after each write)."""
        if self._view is None or self._view.id != customer_id:
            self._view = customer_view(self.ctx.session, customer_id, self.ctx.policy)
        return self._view

    def call(self, customer_id: str, tool: str, args: dict[str, Any]) -> ToolResult:
        """Run a tool; a refusal or a foreign record changes nothing."""
        found = TOOLS[tool]
        if self._read_only and found.spec.writes:
            raise WriteNeededError(tool)
        view = self.customer(customer_id)
        journal = self.ctx.journal if self.ctx.journal is not None else []
        start = len(journal)
        ctx = replace(self.ctx, journal=journal)
        savepoint = ctx.session.begin_nested() if found.spec.writes else None
        try:
            result = found.run(ctx, view, args)
        except (RuleRefusedError, NotFoundError, InvalidInputError) as exc:
            if isinstance(exc, WrongCodeError) and savepoint is not None:
                savepoint.commit()  # the counted attempt stays; nothing else was written
            elif savepoint is not None:
                savepoint.rollback()
            del journal[start:]
            return ToolResult(refusal=Refusal(_rule_of(exc), exc.message))
        if savepoint is not None:
            if result.refusal is not None:
                savepoint.rollback()
                del journal[start:]
                return result
            ctx.session.flush()
            savepoint.commit()
            result.actions = self._actions(journal[start:])
            self._view = None
        return result

    @staticmethod
    def _actions(entries: list[AuditEntry]) -> list[dict[str, str]]:
        actions: list[dict[str, str]] = []
        for e in sorted(entries, key=lambda x: x.id or 0):
            if e.action not in CONTRACT_ACTIONS:
                continue
            action = {"type": e.action}
            if e.entity_type == "plan":
                action["order_id"] = e.entity_id
            elif e.entity_type == "case":
                action["case_id"] = e.entity_id
                if e.after and "type" in e.after:
                    action["case_type"] = str(e.after["type"])
                if e.details.get("order_id"):
                    action["order_id"] = str(e.details["order_id"])
            elif e.entity_type == "fee":
                action["fee_id"] = e.entity_id
            elif e.entity_type == "card":
                action["card_id"] = e.entity_id
            elif e.entity_type == "order":
                action["order_id"] = e.entity_id
            actions.append(action)
        return actions
