"""Every table, imported in one place so metadata and migrations see them all."""

from ridgeline.analytics.models import metric_rollups
from ridgeline.audit.models import AuditEntry
from ridgeline.auth.models import ApiToken
from ridgeline.cases.models import Case
from ridgeline.conversations.models import Attachment, Conversation, Message
from ridgeline.customers.models import Card, ContactChange, CreditDecision, Customer
from ridgeline.desk.models import Agent, DeskAction, DeskNote, Macro
from ridgeline.kit.db import Base
from ridgeline.kit.idempotency import IdempotencyKey
from ridgeline.kit.stored_clock import SandboxClockRow
from ridgeline.knowledge.models import Article, KnowledgeState, Passage
from ridgeline.lending.models import (
    DueDateExtension,
    Fee,
    HardshipArrangement,
    Installment,
    Merchant,
    Order,
    OrderItem,
    Payment,
    Plan,
    Refund,
)
from ridgeline.notifications.models import OutboxMessage

__all__ = [
    "Agent",
    "ApiToken",
    "Article",
    "Attachment",
    "AuditEntry",
    "Base",
    "Card",
    "Case",
    "ContactChange",
    "Conversation",
    "CreditDecision",
    "Customer",
    "DeskAction",
    "DeskNote",
    "DueDateExtension",
    "Fee",
    "HardshipArrangement",
    "IdempotencyKey",
    "Installment",
    "KnowledgeState",
    "Macro",
    "Merchant",
    "Message",
    "Order",
    "OrderItem",
    "OutboxMessage",
    "Passage",
    "Payment",
    "Plan",
    "Refund",
    "SandboxClockRow",
    "metric_rollups",
]
