"""`ridgeline eval`: measure the understanding model."""

from __future__ import annotations

import typer

app = typer.Typer(help="Measure the understanding model.", no_args_is_help=True)


@app.command("banking77")
def banking77() -> None:
    """Evaluate on Banking77 (not built yet)."""
    raise typer.Exit(code=2)
