"""Issue and resolve bearer tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from ridgeline.auth.models import ApiToken
from ridgeline.kit.clock import Clock
from ridgeline.kit.errors import InvalidInputError

Role = Literal["customer", "agent", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("customer", "agent", "supervisor", "admin")


@dataclass(frozen=True)
class Principal:
    """The caller of a request: a role, and the customer or agent it stands for."""

    role: Role
    subject: str | None = None

    @property
    def is_staff(self) -> bool:
        """Tell whether the caller works for the lender (agent, supervisor or admin)."""
        return self.role in ("agent", "supervisor", "admin")


def hash_token(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session, clock: Clock, role: str, subject: str | None = None, label: str = ""
) -> str:
    """Create a token for `role` (a customer token must name its customer) and return it once."""
    if role not in ROLES:
        raise InvalidInputError(f"role must be one of {', '.join(ROLES)}")
    if role == "customer" and not subject:
        raise InvalidInputError("a customer token is bound to one customer id")
    token = f"rl_{role}_{secrets.token_urlsafe(24)}"
    session.add(
        ApiToken(
            token_hash=hash_token(token),
            role=role,
            subject=subject,
            label=label,
            created_at=clock.now(),
        )
    )
    session.flush()
    return token


def admin_of(token: str, admin_token: str | None) -> Principal | None:
    """Return the admin if `token` is the configured admin token (compared in constant time)."""
    if admin_token and hmac.compare_digest(token.encode(), admin_token.encode()):
        return Principal("admin")
    return None


def resolve(session: Session, token: str, admin_token: str | None) -> Principal | None:
    """Return the principal of a token, or None if it is unknown."""
    admin = admin_of(token, admin_token)
    if admin is not None:
        return admin
    row = session.get(ApiToken, hash_token(token))
    if row is None or row.role not in ROLES:
        return None
    role = next(r for r in ROLES if r == row.role)
    return Principal(role, row.subject)
