"""outbox_messages: when a message stops being worth delivering (a one-time code's expiry), so
the relay never sends a code that no longer works

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 15:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ridgeline.kit.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expires_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
