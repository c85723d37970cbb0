"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and
the newest one can be taken back and applied again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ridgeline.kit.db import Database
from ridgeline.kit.migrate import alembic_config, upgrade
from ridgeline.models import Base


def _differences(db: Database) -> list[object]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_the_migrated_schema_is_the_models_schema(db: Database) -> None:
    assert _differences(db) == []


def test_the_newest_migration_goes_back_and_forth(db: Database) -> None:
    """The newest migration that changes the schema (revisions reserved for work in progress
    may still be empty) goes down and up again."""
    config = alembic_config(db.url)
    for _ in range(6):
        with db.write_engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")
        if _differences(db):
            break
    assert _differences(db) != []  # the model has what the newest migration adds
    upgrade(db.write_engine)
    assert _differences(db) == []
