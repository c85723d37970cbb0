"""Entry point of the `ridgeline` command.

Each command group lives in its own module and imports heavy libraries inside its commands, so
`ridgeline --help` stays fast.
"""

from __future__ import annotations

import typer

from ridgeline.cli import eval as eval_cmd
from ridgeline.cli import history as history_cmd
from ridgeline.cli import knowledge as knowledge_cmd
from ridgeline.cli import notify as notify_cmd
from ridgeline.cli import records as records_cmd
from ridgeline.cli import report as report_cmd
from ridgeline.cli import retention as retention_cmd
from ridgeline.cli import scenarios as scenarios_cmd
from ridgeline.cli import simulate as simulate_cmd

app = typer.Typer(
    name="ridgeline",
    help="Ridgeline: AI-first customer service for consumer-credit lenders.",
    no_args_is_help=True,
    add_completion=False,
)

records_cmd.register(app)
app.add_typer(eval_cmd.app, name="eval")
app.add_typer(simulate_cmd.app, name="simulate")
app.add_typer(scenarios_cmd.app, name="scenarios")
app.add_typer(history_cmd.app, name="history")
app.add_typer(report_cmd.app, name="report")
app.add_typer(notify_cmd.app, name="notify")
app.add_typer(retention_cmd.app, name="retention")
app.add_typer(knowledge_cmd.app, name="knowledge")
if __name__ == "__main__":
    app()
