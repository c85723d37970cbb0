"""The desk: internal notes, macros and transfers between queues

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 19:50:00.000000
"""

from __future__ import annotations

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Revert this revision."""
