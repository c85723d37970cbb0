"""Cases of the sample portfolio, with the clocks each type carries by policy.

The clocks are those `ridgeline.cases.service.open_case` sets (a test holds the two together):
a complaint's summary-resolution window of 3 business days and its final response in 56 days
(15 business days for card and payment-service complaints); a dispute's 14 days for the merchant
and evidence at day 21; a return's 21-day follow-up; 30 days for privacy requests and credit
reviews; no statutory clock for fraud, financial difficulty and billing errors.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ridgeline.kit.clock import add_business_days
from ridgeline.policy import DEFAULT_POLICY, Policy

Row = dict[str, Any]


def case_clocks(
    case_type: str,
    opened_at: datetime,
    *,
    payment_service: bool = False,
    policy: Policy = DEFAULT_POLICY,
) -> tuple[datetime | None, datetime | None, datetime | None]:
    """Return (due_at, follow_up_at, summary_due_at) of a case opened at `opened_at`."""
    if case_type == "complaint":
        summary = add_business_days(opened_at, policy.complaint_summary_business_days)
        if payment_service:
            due = add_business_days(opened_at, policy.complaint_payment_business_days)
        else:
            due = opened_at + timedelta(days=policy.complaint_final_days)
        return due, None, summary
    if case_type == "dispute":
        return (
            opened_at + timedelta(days=policy.dispute_merchant_days),
            opened_at + timedelta(days=policy.dispute_evidence_days),
            None,
        )
    days = {
        "return": policy.return_follow_up_days,
        "privacy": policy.privacy_days,
        "credit_review": policy.credit_review_days,
    }.get(case_type)
    return (opened_at + timedelta(days=days) if days else None), None, None


def case_row(
    case_id: str,
    customer_id: str,
    case_type: str,
    opened_at: datetime,
    *,
    order_id: str | None = None,
    reason: str | None = None,
    closed_at: datetime | None = None,
    outcome: str | None = None,
    payment_service: bool = False,
    details: dict[str, Any] | None = None,
) -> Row:
    """Return the row of a case with its clocks; closed when `closed_at` is given."""
    due, follow_up, summary = case_clocks(case_type, opened_at, payment_service=payment_service)
    extra = dict(details or {})
    if case_type == "complaint":
        extra["payment_service"] = payment_service
    return {
        "id": case_id,
        "customer_id": customer_id,
        "type": case_type,
        "status": "closed" if closed_at else "open",
        "order_id": order_id,
        "opened_at": opened_at,
        "due_at": due,
        "follow_up_at": follow_up,
        "summary_due_at": summary,
        "closed_at": closed_at,
        "reason": reason,
        "outcome": outcome if closed_at else None,
        "details": extra,
    }
