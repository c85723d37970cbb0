"""Help-centre knowledge: articles, their passages and the feedback on answers

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 19:40:00.000000
"""

from __future__ import annotations

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Revert this revision."""
