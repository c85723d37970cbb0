"""Tools that open a case, at once or on request.

The cases are complaints, financial difficulty, privacy requests, phishing, credit reviews,
appeals and billing errors.
"""

from __future__ import annotations

from typing import Any

from ridgeline.assistant.ports import ToolResult
from ridgeline.assistant.views import CustomerView
from ridgeline.cases.service import open_case
from ridgeline.context import ServiceContext
from ridgeline.records.tools.registry import tool


def open_case_facts(
    ctx: ServiceContext, c: CustomerView, case_type: str, **kw: Any
) -> dict[str, Any]:
    """Open a case of `case_type` for the customer; return its due dates as facts for the reply."""
    case = open_case(ctx, c.id, case_type, **kw)
    facts: dict[str, Any] = {"case_due": case.due_at.date() if case.due_at else ctx.today()}
    if case.summary_due_at:
        facts["summary_due"] = case.summary_due_at.date()
    return facts


@tool("open_complaint", writes=True, immediate=True)
def open_complaint(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a complaint case at once, with its clocks."""
    return ToolResult(
        facts=open_case_facts(ctx, c, "complaint", order_id=args.get("order_id") or None)
    )


@tool("open_difficulty_case", writes=True, immediate=True)
def open_difficulty_case(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a financial-difficulty case (fees and collections pause while it is open)."""
    if any(k.type == "financial_difficulty" and k.status == "open" for k in c.cases):
        return ToolResult()
    return ToolResult(facts=open_case_facts(ctx, c, "financial_difficulty"))


@tool("open_privacy_case", writes=True, immediate=True)
def open_privacy_case(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Register a data request (30-day clock)."""
    return ToolResult(facts=open_case_facts(ctx, c, "privacy"))


@tool("report_phishing", writes=True, immediate=True)
def report_phishing(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a fraud case for a phishing report."""
    return ToolResult(facts=open_case_facts(ctx, c, "fraud", reason="phishing"))


@tool("open_credit_review", writes=True)
def open_credit_review(ctx: ServiceContext, c: CustomerView, args: dict[str, Any]) -> ToolResult:
    """Open a human review of a credit decision."""
    return ToolResult(facts=open_case_facts(ctx, c, "credit_review"))
