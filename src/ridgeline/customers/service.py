"""Changes to a customer's account, each written together with its audit entry.

They cover cards, the account lock, contact details behind a one-time code, and closing the
account after a balance check.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ridgeline.audit.service import record
from ridgeline.cases import repository as cases_repo
from ridgeline.context import ServiceContext
from ridgeline.customers import repository
from ridgeline.customers.models import Card, ContactChange, Customer
from ridgeline.kit.errors import InvalidInputError, NotFoundError, RuleRefusedError
from ridgeline.kit.ids import new_id

CONTACT_FIELDS = ("email", "phone", "address")


def load_customer(ctx: ServiceContext, customer_id: str) -> Customer:
    """Return a customer or raise NotFoundError."""
    customer = repository.get(ctx.session, customer_id)
    if customer is None:
        raise NotFoundError("customer", customer_id)
    return customer


def _card_for(ctx: ServiceContext, customer_id: str, card_id: str) -> Card:
    card = repository.get_card(ctx.session, card_id)
    if card is None or card.customer_id != customer_id:
        raise NotFoundError("card", card_id)
    return card


def set_card_frozen(ctx: ServiceContext, customer_id: str, card_id: str, frozen: bool) -> Card:
    """Freeze or unfreeze a card of the customer."""
    card = _card_for(ctx, customer_id, card_id)
    wanted = "frozen" if frozen else "active"
    if card.status == "cancelled":
        raise RuleRefusedError("card_cancelled", "a cancelled card cannot change")
    if card.status == wanted:
        return card
    before = card.status
    card.status = wanted
    ctx.session.flush()
    record(
        ctx,
        "card.frozen" if frozen else "card.unfrozen",
        "card",
        card.id,
        customer_id=customer_id,
        before={"status": before},
        after={"status": wanted},
    )
    return card


def freeze_cards(ctx: ServiceContext, customer_id: str) -> Customer:
    """Freeze every active card of the customer."""
    customer = load_customer(ctx, customer_id)
    for card in customer.cards:
        if card.status == "active":
            set_card_frozen(ctx, customer_id, card.id, True)
    return customer


def lock_account(
    ctx: ServiceContext, customer_id: str, *, disputed_orders: tuple[str, ...] = ()
) -> Customer:
    """Lock the account and freeze every card.

    `disputed_orders` are noted in the audit entry (`lending.accounts.lock_account` pauses their
    plans).
    """
    customer = freeze_cards(ctx, customer_id)
    if not customer.locked:
        customer.locked = True
        ctx.session.flush()
        record(
            ctx,
            "account.locked",
            "customer",
            customer_id,
            customer_id=customer_id,
            before={"locked": False},
            after={"locked": True},
            details={"disputed_orders": list(disputed_orders)},
        )
    return customer


def unlock_account(ctx: ServiceContext, customer_id: str) -> Customer:
    """Unlock the account (cards stay frozen until unfrozen one by one)."""
    customer = load_customer(ctx, customer_id)
    if customer.locked:
        customer.locked = False
        ctx.session.flush()
        record(
            ctx,
            "account.unlocked",
            "customer",
            customer_id,
            customer_id=customer_id,
            before={"locked": True},
            after={"locked": False},
        )
    return customer


def _hash_code(change_id: str, code: str) -> str:
    return hmac.new(change_id.encode(), code.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CodeSent:
    """A pending contact change and the one-time code that confirms it.

    `code` goes to the customer's current contact, never to chat: the caller queues it with
    `notifications.service.send_code`, in the same transaction.
    """

    change_id: str
    code: str
    expires_in_minutes: int


def _issue_code(ctx: ServiceContext, customer_id: str, field: str, value: str) -> CodeSent:
    """Record a pending change and return the one-time code that will confirm it."""
    change_id = new_id("CHG")
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = ctx.policy.contact_code_minutes
    ctx.session.add(
        ContactChange(
            id=change_id,
            customer_id=customer_id,
            field=field,
            new_value=value,
            code_hash=_hash_code(change_id, code),
            requested_at=ctx.now(),
            expires_at=ctx.now() + timedelta(minutes=minutes),
        )
    )
    ctx.session.flush()
    record(
        ctx,
        "contact.code_sent",
        "customer",
        customer_id,
        customer_id=customer_id,
        details={"change_id": change_id, "field": field},
    )
    return CodeSent(change_id, code, minutes)


def _redeem_code(
    ctx: ServiceContext, customer_id: str, change_id: str, code: str, field: str | None = None
) -> ContactChange:
    """Check a one-time code (in time, within tries) and mark it used.

    A wrong code counts an attempt: that write is kept even though the change is refused, so a
    caller must commit it (see `WrongCodeError`).
    """
    change = repository.pending_change(ctx.session, change_id)
    if change is None or change.customer_id != customer_id:
        raise NotFoundError("contact change", change_id)
    if field is not None and change.field != field:
        raise NotFoundError("contact change", change_id)
    if change.status != "pending":
        raise RuleRefusedError("code_used", "this code was already used or cancelled")
    if ctx.now() > change.expires_at:
        raise RuleRefusedError("code_expired", "the code has expired; ask for a new one")
    if change.attempts >= ctx.policy.contact_code_attempts:
        raise RuleRefusedError("too_many_attempts", "too many wrong codes; ask for a new one")
    if not hmac.compare_digest(change.code_hash, _hash_code(change_id, code.strip())):
        change.attempts += 1
        ctx.session.flush()
        raise WrongCodeError("wrong_code", "the code is not right")
    change.status = "applied"
    return change


class WrongCodeError(RuleRefusedError):
    """A wrong one-time code: refused, but the attempt it counted must be kept."""


def request_contact_change(
    ctx: ServiceContext, customer_id: str, field: str, new_value: str
) -> CodeSent:
    """Start a change of email, phone or address: it applies only after the one-time code."""
    if field not in CONTACT_FIELDS:
        raise RuleRefusedError("name_change_needs_person", f"{field} cannot be changed here")
    value = new_value.strip()
    if not value or len(value) > 300:
        raise InvalidInputError("the new value must be 1 to 300 characters")
    if field == "email" and ("@" not in value or " " in value):
        raise InvalidInputError("that is not an email address")
    load_customer(ctx, customer_id)
    return _issue_code(ctx, customer_id, field, value)


def confirm_contact_change(
    ctx: ServiceContext, customer_id: str, change_id: str, code: str
) -> Customer:
    """Apply a pending contact change when the one-time code is right, in time, within tries."""
    change = _redeem_code(ctx, customer_id, change_id, code)
    if change.field not in CONTACT_FIELDS:
        raise NotFoundError("contact change", change_id)
    customer = load_customer(ctx, customer_id)
    before: dict[str, Any] = {change.field: getattr(customer, change.field)}
    setattr(customer, change.field, change.new_value)
    ctx.session.flush()
    record(
        ctx,
        "contact.updated",
        "customer",
        customer_id,
        customer_id=customer_id,
        before=before,
        after={change.field: change.new_value},
    )
    return customer


def request_unlock(ctx: ServiceContext, customer_id: str) -> CodeSent:
    """Start unlocking an account: it unlocks only after the one-time code (step-up).

    An account locked for fraud is unlocked by a fraud specialist, never here.
    """
    check_unlock(ctx, customer_id)
    return _issue_code(ctx, customer_id, "unlock", "")


def check_unlock(ctx: ServiceContext, customer_id: str) -> None:
    """Raise the rule that stops unlocking here: not locked, or locked for fraud."""
    customer = load_customer(ctx, customer_id)
    if not customer.locked:
        raise RuleRefusedError("not_locked", "the account is not locked")
    if cases_repo.open_of_type(ctx.session, customer_id, "fraud"):
        raise RuleRefusedError("fraud_case_open", "a fraud specialist unlocks this account")


def confirm_unlock(ctx: ServiceContext, customer_id: str, change_id: str, code: str) -> Customer:
    """Unlock the account when the one-time code is right."""
    _redeem_code(ctx, customer_id, change_id, code, field="unlock")
    return unlock_account(ctx, customer_id)
