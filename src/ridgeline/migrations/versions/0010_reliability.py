"""Reliability and security: idempotency keys, the sandbox clock, token expiry and revocation, sign-in throttling

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:40:00.000000
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Revert this revision."""
