"""The desk: internal notes, record actions with their undo, macros; hardship arrangements

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 19:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ridgeline.kit.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UTC = ridgeline.kit.db.UTCDateTime


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "desk_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.String(length=64), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_desk_notes_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_notes")),
    )
    with op.batch_alter_table("desk_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_notes_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_desk_notes_customer_id"), ["customer_id"], unique=False
        )
    op.create_table(
        "desk_actions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=True),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("undone_at", UTC(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_actions")),
    )
    with op.batch_alter_table("desk_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_actions_customer_id"), ["customer_id"], unique=False
        )
    op.create_table(
        "desk_macros",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_macros")),
    )
    op.create_table(
        "hardship_arrangements",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("added", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("ended_at", UTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_hardship_arrangements_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_hardship_arrangements_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_hardship_arrangements_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_arrangements")),
    )
    with op.batch_alter_table("hardship_arrangements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hardship_arrangements_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hardship_arrangements_order_id"), ["order_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("hardship_arrangements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_arrangements_order_id"))
        batch_op.drop_index(batch_op.f("ix_hardship_arrangements_customer_id"))
    op.drop_table("hardship_arrangements")
    op.drop_table("desk_macros")
    with op.batch_alter_table("desk_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_actions_customer_id"))
    op.drop_table("desk_actions")
    with op.batch_alter_table("desk_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_notes_customer_id"))
        batch_op.drop_index(batch_op.f("ix_desk_notes_conversation_id"))
    op.drop_table("desk_notes")
