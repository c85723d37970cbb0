"""Commands of the system of record: serve, demo, db upgrade, seed, import."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the system-of-record commands to `app`."""

    @app.command("version")
    def version() -> None:
        """Print the version."""
        from ridgeline import __version__

        typer.echo(__version__)
