"""`ridgeline simulate`: run the contact-centre simulator."""

from __future__ import annotations

import typer

app = typer.Typer(help="Run the contact-centre simulator.", no_args_is_help=True)


@app.command("run")
def run() -> None:
    """Run one scenario (not built yet)."""
    raise typer.Exit(code=2)
