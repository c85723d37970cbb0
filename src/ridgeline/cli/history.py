"""`ridgeline history generate`: months of simulated conversations over the sample portfolio."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer

from ridgeline.cli.records import DatabaseUrl, _database

app = typer.Typer(help="Conversation history for the demo and benchmarks.", no_args_is_help=True)


@app.command("generate")
def generate(
    months: Annotated[int, typer.Option(min=1, max=36, help="months (of 30 days) of history")] = 3,
    seed: Annotated[int, typer.Option(help="the simulator's seed: same seed, same records")] = 1,
    contacts_per_day: Annotated[
        float, typer.Option(min=1.0, help="new contacts on an average day")
    ] = 300.0,
    now: Annotated[
        str | None, typer.Option(help="the history runs to the day before (ISO time with zone)")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write simulated conversations, complaint cases and agents' actions, then the rollups.

    The portfolio must be seeded first (`ridgeline seed`).
    """
    import time

    from ridgeline.analytics.history import generate_history

    moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
    if moment.tzinfo is None:
        typer.echo("error: --now needs a time zone, e.g. 2026-03-10T12:00:00Z", err=True)
        raise typer.Exit(2)
    db = _database(database_url)
    started = time.perf_counter()
    with db.writer() as session:
        try:
            h = generate_history(
                session, months=months, seed=seed, now=moment, contacts_per_day=contacts_per_day
            )
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        session.commit()
    summary = {
        "from": h.first_day.isoformat(),
        "to": h.last_day.isoformat(),
        "conversations": h.conversations,
        "complaint_cases": h.cases,
        "audit_entries": h.audit_entries,
        "rollup_rows": h.rollup_rows,
    }
    typer.echo(json.dumps(summary))
    typer.echo(f"generated in {time.perf_counter() - started:.1f} s")
