"""`ridgeline notify relay`: deliver the outbox's pending messages and mark them sent."""

from __future__ import annotations

import logging
import time
from typing import Annotated

import typer

from ridgeline.cli.records import DatabaseUrl, _database

app = typer.Typer(help="Messages to customers (the outbox).", no_args_is_help=True)


@app.command("relay")
def relay(
    once: Annotated[
        bool, typer.Option("--once", help="one pass over what is pending, then exit")
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.1, max=3600.0, help="seconds between passes")
    ] = 2.0,
    batch: Annotated[int, typer.Option(min=1, max=10_000, help="messages per pass")] = 100,
    show_body: Annotated[
        bool, typer.Option("--show-body", help="log message bodies (they hold one-time codes)")
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Deliver pending messages through the sandbox sender and mark them sent.

    The sandbox sender writes one log line per message and sends nothing: no email or SMS
    provider is wired in. Without --once, the relay polls until stopped (Ctrl-C).
    """
    from ridgeline.kit.clock import SystemClock
    from ridgeline.notifications.relay import SandboxSender, relay_pending

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("ridgeline").setLevel(logging.INFO)  # the senders' lines, not Alembic's
    db = _database(database_url)
    sender = SandboxSender(show_body=show_body)
    clock = SystemClock()
    failed = 0
    try:
        while True:
            report = relay_pending(db, sender, clock, limit=batch)
            failed = report.failed
            if once or report.sent or report.failed or report.expired:
                typer.echo(
                    f"relayed {report.sent} message(s), {report.failed} failed, "
                    f"{report.expired} expired unsent"
                )
            if once:
                break
            if report.sent + report.expired < batch:  # caught up (or only failures left): wait
                time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("relay stopped")
    finally:
        db.dispose()
    if once and failed:
        raise typer.Exit(1)
