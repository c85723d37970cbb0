"""Open and close cases, each with the clocks its type carries by policy.

- complaint: summary resolution within 3 business days; otherwise a final response within
  56 days, or 15 business days for card and payment-service complaints;
- dispute: the merchant answers within 14 days; evidence is requested at day 21;
- return: a follow-up at day 21 (no registered return: proof asked, dispute queue);
- privacy: 30 days; credit_review: 30 days (a human reviews the recorded decision);
- fraud, financial_difficulty, billing_error: no statutory clock; worked by people.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ridgeline.audit.service import record
from ridgeline.cases import repository
from ridgeline.cases.models import Case
from ridgeline.context import ServiceContext
from ridgeline.kit.clock import add_business_days
from ridgeline.kit.errors import InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id
from ridgeline.policy import CASE_OUTCOMES, CASE_TYPES, COMMON_OUTCOMES, DISPUTE_REASONS


def case_view(case: Case) -> dict[str, Any]:
    """Return the audit snapshot of a case."""
    return {
        "type": case.type,
        "status": case.status,
        "order_id": case.order_id,
        "reason": case.reason,
        "due_at": case.due_at.isoformat() if case.due_at else None,
    }


def open_case(
    ctx: ServiceContext,
    customer_id: str,
    case_type: str,
    *,
    order_id: str | None = None,
    reason: str | None = None,
    payment_service: bool = False,
    details: dict[str, Any] | None = None,
    case_id: str | None = None,
) -> Case:
    """Open a case with the clocks of its type and audit it."""
    if case_type not in CASE_TYPES:
        raise InvalidInputError(f"unknown case type {case_type!r}")
    if case_type == "dispute" and reason not in DISPUTE_REASONS:
        raise InvalidInputError(f"a dispute needs one of the reasons {', '.join(DISPUTE_REASONS)}")
    now = ctx.now()
    policy = ctx.policy
    case = Case(
        id=case_id or new_id("CASE"),
        customer_id=customer_id,
        type=case_type,
        status="open",
        order_id=order_id,
        opened_at=now,
        reason=reason,
        details=dict(details or {}),
    )
    if case_type == "complaint":
        case.summary_due_at = add_business_days(now, policy.complaint_summary_business_days)
        case.due_at = (
            add_business_days(now, policy.complaint_payment_business_days)
            if payment_service
            else now + timedelta(days=policy.complaint_final_days)
        )
        case.details["payment_service"] = payment_service
    elif case_type == "dispute":
        case.due_at = now + timedelta(days=policy.dispute_merchant_days)
        case.follow_up_at = now + timedelta(days=policy.dispute_evidence_days)
    elif case_type == "return":
        case.due_at = now + timedelta(days=policy.return_follow_up_days)
    elif case_type == "privacy":
        case.due_at = now + timedelta(days=policy.privacy_days)
    elif case_type == "credit_review":
        case.due_at = now + timedelta(days=policy.credit_review_days)
    ctx.session.add(case)
    ctx.session.flush()
    record(ctx, "case.opened", "case", case.id, customer_id=customer_id, after=case_view(case))
    return case


def outcomes_of(case_type: str) -> tuple[str, ...]:
    """Return the outcomes a case of `case_type` may be closed with."""
    return (*CASE_OUTCOMES.get(case_type, ()), *COMMON_OUTCOMES)


def close_case(ctx: ServiceContext, case_id: str, outcome: str) -> Case:
    """Close a case with one of its type's outcomes. The assistant may never close a fraud case.

    Closing a financial-difficulty case ends its protection: fees and collection steps run
    again on the plans (an arrangement agreed under it stays as agreed).
    """
    case = repository.get(ctx.session, case_id)
    if case is None:
        raise NotFoundError("case", case_id)
    if case.status != "open":
        raise RuleRefusedError("case_not_open", f"case {case_id} is already {case.status}")
    if case.type == "fraud" and ctx.actor.type == "assistant":
        raise RuleRefusedError("fraud_case_human_only", "only a person may close a fraud case")
    allowed = outcomes_of(case.type)
    if outcome not in allowed:
        readable = ", ".join(o.replace("_", " ") for o in allowed)
        raise InvalidInputError(
            f"a {case.type.replace('_', ' ')} case closes as one of: {readable}"
        )
    before = case_view(case)
    case.status = "closed"
    case.outcome = outcome
    case.closed_at = ctx.now()
    record(
        ctx,
        "case.closed",
        "case",
        case.id,
        customer_id=case.customer_id,
        before=before,
        after={**case_view(case), "outcome": outcome},
    )
    ctx.session.flush()
    return case
