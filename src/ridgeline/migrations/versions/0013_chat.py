"""The chat: attachments to conversations and callback requests

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 19:50:00.000000
"""

from __future__ import annotations

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Revert this revision."""
