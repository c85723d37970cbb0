"""The tools the assistant may call on the records, and which of them write.

A writing tool runs only after the customer confirmed the exact change, except the few the
policy wants done at once (`immediate`): opening a complaint, a financial-difficulty or a privacy
case, and reporting phishing. The records adapter implements each name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ToolSpec:
    """A tool: its name, the slots it needs, whether it writes, whether it may write at once."""

    name: str
    needs: tuple[str, ...] = ()
    writes: bool = False
    immediate: bool = False


_SPECS = (
    ToolSpec("next_payment"),
    ToolSpec("order_summary", ("order_id",)),
    ToolSpec("check_return", ("order_id",)),
    ToolSpec("check_extension", ("order_id",)),
    ToolSpec("check_waiver", ("fee_id",)),
    ToolSpec("check_dispute", ("order_id",)),
    ToolSpec("check_close"),
    ToolSpec("check_autopay", ("order_id",)),
    ToolSpec("payoff_quote", ("order_id",)),
    ToolSpec("failed_payments"),
    ToolSpec("missed_payment_facts"),
    ToolSpec("refund_facts", ("order_id",)),
    ToolSpec("dispute_facts"),
    ToolSpec("decline_facts"),
    ToolSpec("card_facts"),
    ToolSpec("limit_facts"),
    ToolSpec("charge_explanations", ("order_id",)),
    ToolSpec("report_return", ("order_id",), writes=True),
    ToolSpec("extend_due_date", ("order_id",), writes=True),
    ToolSpec("waive_fee", ("fee_id",), writes=True),
    ToolSpec("open_dispute", ("order_id", "dispute_reason"), writes=True),
    ToolSpec("send_payment_link", ("order_id",), writes=True),
    ToolSpec("send_card_link", ("order_id",), writes=True),
    ToolSpec("set_autopay", ("order_id", "autopay_enabled"), writes=True),
    ToolSpec("lock_account", writes=True),
    ToolSpec("unlock_account", writes=True),
    ToolSpec("freeze_card", ("card_id",), writes=True),
    ToolSpec("request_contact_change", ("contact_field", "contact_value"), writes=True),
    ToolSpec("confirm_contact_change", ("change_id", "code"), writes=True),
    ToolSpec("close_account", writes=True),
    ToolSpec("check_unlock"),
    ToolSpec("request_unlock_code", writes=True),
    ToolSpec("confirm_unlock", ("change_id", "code"), writes=True),
    ToolSpec("open_credit_review", writes=True),
    ToolSpec("open_dispute_appeal", writes=True),
    ToolSpec("open_billing_error", ("order_id",), writes=True),
    ToolSpec("open_complaint", writes=True, immediate=True),
    ToolSpec("open_difficulty_case", writes=True, immediate=True),
    ToolSpec("open_privacy_case", writes=True, immediate=True),
    ToolSpec("report_phishing", writes=True, immediate=True),
)

TOOLS: dict[str, ToolSpec] = {spec.name: spec for spec in _SPECS}
