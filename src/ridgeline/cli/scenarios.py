"""`ridgeline scenarios run DIR`: hold every scripted conversation in DIR and report pass^k.

Each scenario runs against a fresh sandbox.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Scripted customer conversations.", no_args_is_help=True)


@app.command("run")
def run(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False)],
    repeat: Annotated[int, typer.Option(min=1, max=20, help="runs per scenario (pass^k)")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON report")] = False,
) -> None:
    """Run every *.yaml scenario in FOLDER; exit 1 if any run fails."""
    from ridgeline.scenarios.suite import run_folder

    report = run_folder(folder, repeat)
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for item in report["scenarios"]:
            mark = "PASS" if item["passed"] else "FAIL"
            typer.echo(f"{mark} {item['id']} ({item['passes']}/{item['runs']})")
            for failure in item["failures"][:6]:
                typer.echo(f"     {failure}")
        s = report["summary"]
        typer.echo(
            f"{s['passed']} passed, {s['failed']} failed; pass^{repeat} = {s['pass_hat_k']:.3f}"
        )
    if report["summary"]["failed"]:
        raise typer.Exit(1)
