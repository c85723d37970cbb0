"""Every table, imported in one place so metadata and migrations see them all."""

from ridgeline.analytics.models import metric_rollups
from ridgeline.audit.models import AuditEntry
from ridgeline.auth.models import ApiToken
from ridgeline.cases.models import Case
from ridgeline.conversations.models import Conversation, Message
from ridgeline.customers.models import Card, ContactChange, CreditDecision, Customer
from ridgeline.desk.models import Agent
from ridgeline.kit.db import Base
from ridgeline.lending.models import (
    DueDateExtension,
    Fee,
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
    "AuditEntry",
    "Base",
    "Card",
    "Case",
    "ContactChange",
    "Conversation",
    "CreditDecision",
    "Customer",
    "DueDateExtension",
    "Fee",
    "Installment",
    "Merchant",
    "Message",
    "Order",
    "OrderItem",
    "OutboxMessage",
    "Payment",
    "Plan",
    "Refund",
    "metric_rollups",
]
