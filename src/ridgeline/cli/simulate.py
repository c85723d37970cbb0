"""`ridgeline simulate`: run the contact-centre simulator.

`ridgeline simulate SCENARIO.yaml` runs one scenario (the `run` command is implied when the first
argument is not a command name); `ridgeline simulate sweep SCENARIO.yaml --vary ...` runs a grid.
Heavy libraries are imported inside the commands so `ridgeline --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup


class _RunByDefault(TyperGroup):
    """A command group that treats an unknown first argument as a scenario for `run`."""

    # Typer vendors its own click, whose Context type is private: take it as Any.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Insert `run` before a first argument that is not a command or an option."""
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_RunByDefault,
    help="Run the contact-centre simulator: `simulate SCENARIO.yaml` or `simulate sweep ...`.",
    no_args_is_help=True,
)


def _default_out(scenario: Path, out: Path | None) -> Path:
    return out if out is not None else Path("out") / "simulate" / scenario.stem


@app.command("run")
def run(
    scenario: Path = typer.Argument(..., exists=True, dir_okay=False, help="scenario YAML"),
    seed: int = typer.Option(1, help="one seed reproduces a run exactly"),
    days: int | None = typer.Option(None, help="horizon in days (default: the scenario's)"),
    out: Path | None = typer.Option(None, help="output folder (default out/simulate/<name>)"),
    fmt: str = typer.Option("csv", "--format", help="export format: csv or parquet"),
    events: bool = typer.Option(False, help="also export the flat event log"),
    plots: bool = typer.Option(True, help="write PNG plots and index.html"),
) -> None:
    """Run one scenario; print its metrics and write exports and plots."""
    from ridgeline.simulation.engine import simulate
    from ridgeline.simulation.report import export, figures, format_figures, html_page, plot
    from ridgeline.simulation.scenario import load_scenario

    if fmt not in ("csv", "parquet"):
        raise typer.BadParameter("--format is csv or parquet")
    spec, base = load_scenario(scenario)
    result = simulate(spec, seed=seed, days=days, base=base)
    values = figures(result)
    typer.echo(f"scenario {spec.name}, seed {seed}, {len(result.slots_by_hour) // 24} days")
    typer.echo(format_figures(values, spec.currency))
    folder = _default_out(scenario, out)
    written = export(result, folder, fmt, with_events=events)
    if plots:
        images = plot(result, folder)
        written += [*images, html_page(result, values, images, folder)]
    typer.echo(f"wrote {len(written)} files to {folder}")


@app.command("sweep")
def sweep(
    scenario: Path = typer.Argument(..., exists=True, dir_okay=False, help="scenario YAML"),
    vary: list[str] = typer.Option(..., help="NAME=FROM:TO:STEP or NAME=A,B (repeatable)"),
    seed: int = typer.Option(1, help="the same seed for every point"),
    days: int | None = typer.Option(None, help="horizon in days (default: the scenario's)"),
    workers: int = typer.Option(2, help="parallel processes"),
    staff_to_workload: bool = typer.Option(
        True, help="scale the roster with the human workload each automation level leaves"
    ),
    out: Path | None = typer.Option(None, help="output folder (default out/simulate/<name>)"),
) -> None:
    """Run a grid of levers; print the cost-satisfaction frontier and name the knee."""
    from ridgeline.simulation.scenario import load_scenario
    from ridgeline.simulation.sweep import frontier, knee, parse_vary, plot_frontier, run_sweep

    try:
        varies = [parse_vary(v) for v in vary]
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    spec, base = load_scenario(scenario)
    points = run_sweep(
        spec,
        varies,
        seed=seed,
        days=days,
        base=base,
        workers=workers,
        staff_to_workload=staff_to_workload,
    )
    front = frontier(points)
    typer.echo(f"{len(points)} runs; frontier of cost per resolved contact against satisfaction:")
    for p in front:
        levers = " ".join(f"{k}={v:g}" for k, v in p.levers.items())
        typer.echo(
            f"  {levers:<32} cost/resolved {p.cost / 100:8.2f} {spec.currency}"
            f"  satisfaction {100 * p.satisfaction:5.1f}%"
            f"  automation rate {100 * p.figures['automation_rate']:5.1f}%"
        )
    named = knee(points)
    if named is not None:
        typer.echo(named.explain(spec.currency))
    else:
        typer.echo("no named point: vary automation to find it")
    folder = _default_out(scenario, out)
    path = plot_frontier(points, named, folder / "frontier.png", f"{spec.name}: sweep")
    typer.echo(f"wrote {path}")
