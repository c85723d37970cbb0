"""Alembic migrations of the Ridgeline schema."""
