"""conversations: the number of the last message, so a turn appends without reading the transcript

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 09:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seq", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE conversations SET last_seq = COALESCE("
        "(SELECT MAX(seq) FROM messages WHERE messages.conversation_id = conversations.id), 0)"
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("last_seq")
