"""The names of audit actions: every `action` a service writes to the audit log, by subject.

An action name is `<subject>.<what happened>` and is persisted, so it is never renamed. Services
write these names as literals in `audit.service.record` / `columns`; `tests/test_names.py` scans
the source and fails on a name that is not listed here. Readers (analytics, the chat API's
`actions`) import the sets they need from here.
"""

from __future__ import annotations

# A customer's account and contact details (customers service).
ACCOUNT_ACTIONS = frozenset(
    {
        "account.locked",
        "account.unlocked",
        "account.closed",
        "contact.code_sent",
        "contact.updated",
    }
)
# A customer's card (customers service).
CARD_ACTIONS = frozenset({"card.frozen", "card.unfrozen"})
# Plans and their instalments (lending service).
PLAN_ACTIONS = frozenset(
    {
        "plan.paused",
        "plan.resumed",
        "due_date.extended",
        "autopay.changed",
        "payment_link.sent",
    }
)
# Payments, overdue instalments and fees (lending collections).
PAYMENT_ACTIONS = frozenset(
    {
        "payment.succeeded",
        "payment.failed",
        "installment.overdue",
        "fee.charged",
        "fee.waived",
    }
)
# Hardship arrangements a person agrees for a customer in financial difficulty (lending hardship).
HARDSHIP_ACTIONS = frozenset({"hardship.arranged", "hardship.cancelled"})
# Returns and refunds (lending returns).
REFUND_ACTIONS = frozenset({"refund.applied"})
# Cases and disputes (cases service, lending returns).
CASE_ACTIONS = frozenset({"case.opened", "case.closed", "case.escalated", "dispute.opened"})
# Conversations: the assistant's turns, the desk's handling, ratings and retention.
CONVERSATION_ACTIONS = frozenset(
    {
        "conversation.started",
        "conversation.turn",
        "conversation.handed_over",
        "conversation.rated",
        "conversation.attachment_added",
        "conversation.callback_requested",
        "conversation.erased",
        "conversation.claimed",
        "conversation.assigned",
        "conversation.agent_replied",
        "conversation.released",
        "conversation.closed",
        "conversation.transferred",
        "conversation.note_added",
    }
)
# The desk's agents (desk service).
AGENT_ACTIONS = frozenset(
    {"agent.created", "agent.password_changed", "agent.signed_in", "agent.availability_changed"}
)
# The desk's shared reply macros (desk macros).
MACRO_ACTIONS = frozenset({"macro.created", "macro.deleted"})
# Messages to customers in the outbox (notifications service and relay).
NOTIFICATION_ACTIONS = frozenset(
    {"notification.queued", "notification.sent", "notification.expired"}
)
# Help-centre articles (knowledge service).
ARTICLE_ACTIONS = frozenset({"article.created", "article.updated", "article.retired"})

# Every action name a service writes.
ACTIONS = (
    ACCOUNT_ACTIONS
    | CARD_ACTIONS
    | PLAN_ACTIONS
    | PAYMENT_ACTIONS
    | HARDSHIP_ACTIONS
    | REFUND_ACTIONS
    | CASE_ACTIONS
    | CONVERSATION_ACTIONS
    | AGENT_ACTIONS
    | MACRO_ACTIONS
    | NOTIFICATION_ACTIONS
    | ARTICLE_ACTIONS
)
# The writes the public contract reports in a turn's `actions` (shared/contracts/api.md).
CONTRACT_ACTIONS = frozenset(
    {
        "plan.paused",
        "plan.resumed",
        "due_date.extended",
        "fee.waived",
        "payment_link.sent",
        "case.opened",
        "dispute.opened",
        "account.locked",
        "account.unlocked",
        "card.frozen",
        "card.unfrozen",
        "contact.updated",
        "autopay.changed",
        "account.closed",
    }
)
