"""desk: agents, and the desk clocks of conversations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 06:42:45.363091
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ridgeline.kit.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "agents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("availability", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("created_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_assigned_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("email", name=op.f("uq_agents_email")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claimed_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "first_agent_reply_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("released_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("wait_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handle_seconds", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("handle_seconds")
        batch_op.drop_column("wait_seconds")
        batch_op.drop_column("released_at")
        batch_op.drop_column("first_agent_reply_at")
        batch_op.drop_column("claimed_at")

    op.drop_table("agents")
