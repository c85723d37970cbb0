"""Learning from misses: labels on customer messages and published model versions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 19:40:00.000000
"""

from __future__ import annotations

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Revert this revision."""
