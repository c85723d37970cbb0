"""One-time codes reach the outbox: to the current contact details, in the customer's language,
in the same transaction as the code, and never into the audit log."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ridgeline.audit.models import AuditEntry
from ridgeline.context import Actor, ServiceContext
from ridgeline.customers import service as customers
from ridgeline.kit.clock import SettableClock
from ridgeline.kit.db import Database
from ridgeline.notifications import repository
from ridgeline.notifications.models import OutboxMessage
from ridgeline.notifications.service import render, templates
from ridgeline.records.adapter import RecordsAdapter
from ridgeline.sandbox.service import load
from tests.factories import LANGUAGE, NOW, customer, document, seed

CODE = re.compile(r"\b\d{6}\b")


def _load(ctx: ServiceContext, *, market: str = "GB", **changes: Any) -> None:
    record = customer(market=market)
    record.update(changes)
    load(ctx.session, document(customers=[record]), ctx.clock)


def _messages(session: Session) -> list[OutboxMessage]:
    return list(repository.for_customer(session, "C1"))


def _code(message: OutboxMessage) -> str:
    found = CODE.search(message.body)
    assert found is not None, message.body
    return found.group(0)


def _ask(ctx: ServiceContext, tool: str, **args: Any) -> None:
    result = RecordsAdapter(ctx).call("C1", tool, args)
    assert result.refusal is None, result.refusal


def test_an_email_change_sends_the_code_by_sms_to_the_current_phone(
    as_assistant: ServiceContext,
) -> None:
    _load(as_assistant, phone="+447700900123")
    _ask(as_assistant, "request_contact_change", contact_field="email", contact_value="n@x.io")
    [message] = _messages(as_assistant.session)
    assert (message.channel, message.recipient) == ("sms", "+447700900123")
    assert (message.purpose, message.language, message.status) == (
        "contact_change",
        "en",
        "pending",
    )
    assert message.created_at == NOW and message.created_at.tzinfo is not None
    assert message.sent_at is None
    assert "valid for 10 minutes" in message.body
    # The code in the message is the one that confirms the change.
    [change_id] = [
        e.details["change_id"]
        for e in as_assistant.session.scalars(select(AuditEntry))
        if e.action == "contact.code_sent"
    ]
    customers.confirm_contact_change(as_assistant, "C1", change_id, _code(message))
    assert customers.load_customer(as_assistant, "C1").email == "n@x.io"
    assert message.recipient == "+447700900123"  # sent where the customer was, not where they go


def test_a_phone_change_sends_the_code_by_email_in_the_customers_language(
    as_assistant: ServiceContext,
) -> None:
    _load(as_assistant, market="FR", email="amelie@example.fr")
    _ask(as_assistant, "request_contact_change", contact_field="phone", contact_value="+33611")
    [message] = _messages(as_assistant.session)
    assert (message.channel, message.recipient, message.language) == (
        "email",
        "amelie@example.fr",
        "fr",
    )
    assert "code à usage unique" in message.body and "10 minutes" in message.body
    assert "+33611" not in message.body  # the new value is not where the code goes


def test_an_unlock_sends_the_code_by_email(as_assistant: ServiceContext) -> None:
    _load(as_assistant, market="DE", locked=True)
    _ask(as_assistant, "request_unlock_code")
    [message] = _messages(as_assistant.session)
    assert (message.channel, message.recipient, message.purpose) == (
        "email",
        "c1@example.com",
        "unlock",
    )
    assert message.language == "de" and "Entsperren" in message.body


@pytest.mark.parametrize("market", ["GB", "FR", "DE", "SE", "ES", "IT"])
def test_the_message_is_in_the_language_of_the_customer(
    as_assistant: ServiceContext, market: str
) -> None:
    _load(as_assistant, market=market)
    _ask(as_assistant, "request_contact_change", contact_field="address", contact_value="1 Rd")
    [message] = _messages(as_assistant.session)
    language = LANGUAGE[market]
    assert message.language == language
    code = _code(message)
    assert message.body == render(language, "contact_change", code=code, minutes=10)[1]


def test_every_language_has_every_message_with_its_placeholders() -> None:
    assert set(templates()) == {"en", "fr", "de", "sv", "es", "it"}
    for language, messages in templates().items():
        assert set(messages) == {"contact_change", "unlock"}, language
        for text in messages.values():
            assert set(re.findall(r"{(\w+)}", text)) == {"code", "minutes"}
            assert not re.search(r"\d", text), text  # every figure comes from the code or policy


def test_a_language_without_templates_falls_back_to_english() -> None:
    language, body = render("pt", "unlock", code="123456", minutes=10)
    assert language == "en" and "123456" in body


def test_a_refused_request_queues_nothing(as_assistant: ServiceContext) -> None:
    _load(as_assistant)  # not locked: the unlock is refused and its savepoint rolled back
    result = RecordsAdapter(as_assistant).call("C1", "request_unlock_code", {})
    assert result.refusal is not None and result.refusal.rule == "not_locked"
    bad = RecordsAdapter(as_assistant).call(
        "C1", "request_contact_change", {"contact_field": "name", "contact_value": "Someone"}
    )
    assert bad.refusal is not None
    assert _messages(as_assistant.session) == []


def test_a_rolled_back_transaction_sends_nothing(db: Database, clock: SettableClock) -> None:
    seed(db, clock, document(customers=[customer()]))
    with db.writer() as session:
        ctx = ServiceContext(session, clock, Actor("assistant"))
        _ask(ctx, "request_contact_change", contact_field="email", contact_value="n@x.io")
        assert len(_messages(session)) == 1  # written in the turn's transaction ...
        session.rollback()  # ... which fails later
    with db.reader() as session:
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0
    with db.writer() as session:
        ctx = ServiceContext(session, clock, Actor("assistant"))
        _ask(ctx, "request_contact_change", contact_field="email", contact_value="n@x.io")
        session.commit()
    with db.reader() as session:
        assert len(_messages(session)) == 1


def test_the_code_never_reaches_the_audit_log(as_assistant: ServiceContext) -> None:
    _load(as_assistant, locked=True)
    _ask(as_assistant, "request_contact_change", contact_field="email", contact_value="n@x.io")
    _ask(as_assistant, "request_unlock_code")
    messages = _messages(as_assistant.session)
    entries = list(as_assistant.session.scalars(select(AuditEntry)))
    logged = json.dumps([[e.before, e.after, e.details, e.entity_id] for e in entries])
    for message in messages:
        assert _code(message) not in logged
        assert message.body not in logged
    queued = [e for e in entries if e.action == "notification.queued"]
    assert sorted(e.details["purpose"] for e in queued) == ["contact_change", "unlock"]
    assert {e.entity_id for e in queued} == {m.id for m in messages}


def test_the_migration_matches_the_model(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ridgeline.models import Base

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert [d for d in differences if "outbox_messages" in repr(d)] == []
