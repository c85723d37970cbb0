"""`ridgeline retention run`: erase the words of conversations past the retention policy."""

from __future__ import annotations

from typing import Annotated

import typer

from ridgeline.cli.records import DatabaseUrl, _database

app = typer.Typer(help="Retention of conversations (the policy's periods).", no_args_is_help=True)


@app.command("run")
def run(
    apply: Annotated[
        bool, typer.Option("--apply", help="erase; without it, only count what is due")
    ] = False,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="conversations per pass")] = 1000,
    database_url: DatabaseUrl = None,
) -> None:
    """Count (or, with --apply, erase) the conversations past their retention period.

    Complaint records are kept 3 years and other conversations 6 months after their last
    activity (the policy's `complaint_retention_days` and `conversation_retention_days`).
    Erasing removes the messages, the assistant's state, the handover summary and the rating's
    comment; the conversation's row, its figures and the audit log stay. Run it daily.
    """
    from ridgeline.conversations.retention import run as run_pass
    from ridgeline.kit.clock import SystemClock
    from ridgeline.policy import DEFAULT_POLICY

    db = _database(database_url)
    clock = SystemClock()
    due = complaints = erased = 0
    try:
        while True:
            report = run_pass(db, clock, DEFAULT_POLICY, apply=apply, limit=batch)
            due += report.due
            complaints += report.complaints
            erased += report.erased
            if not apply or report.due < batch or report.erased == 0:
                break
    finally:
        db.dispose()
    counted = f"{due} or more" if not apply and due == batch else str(due)  # one pass only
    typer.echo(
        f"{counted} conversation(s) past retention ({complaints} complaint record(s)); "
        f"{erased} erased" + ("" if apply else " (dry run: add --apply to erase)")
    )
