"""Help-centre knowledge: articles, their passages with their vectors, and the knowledge revision

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 19:40:00.000000
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

import ridgeline.kit.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "knowledge_articles",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("markets", sa.JSON(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("created_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ridgeline.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_articles")),
    )
    with op.batch_alter_table("knowledge_articles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_knowledge_articles_language"), ["language"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_knowledge_articles_revision"), ["revision"], unique=False
        )

    op.create_table(
        "knowledge_passages",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=300), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("heading_vector", sa.LargeBinary(), nullable=True),
        sa.Column("model", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["knowledge_articles.id"],
            name=op.f("fk_knowledge_passages_article_id_knowledge_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "seq", name=op.f("pk_knowledge_passages")),
    )
    state = op.create_table(
        "knowledge_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_state")),
    )
    # The one row of the knowledge revision (the service also creates it if it is missing).
    op.bulk_insert(state, [{"id": 1, "epoch": secrets.token_hex(8), "revision": 0}])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("knowledge_state")
    op.drop_table("knowledge_passages")
    with op.batch_alter_table("knowledge_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_articles_revision"))
        batch_op.drop_index(batch_op.f("ix_knowledge_articles_language"))

    op.drop_table("knowledge_articles")
