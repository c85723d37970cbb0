"""`ridgeline report`: the dashboard's figures in the terminal, and `report refresh` of rollups."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

import typer

from ridgeline.cli.records import DatabaseUrl, _database

app = typer.Typer(
    help="Service metrics of a period: `report --from DATE --to DATE [--json]`.",
    invoke_without_command=True,
)

From = Annotated[
    str | None, typer.Option("--from", help="first day, YYYY-MM-DD (default: 30 days ago)")
]
To = Annotated[str | None, typer.Option("--to", help="last day, YYYY-MM-DD (default: yesterday)")]

LABELS = {
    "contacts": ("Contacts", "count"),
    "automation_rate": ("Automation rate (resolved, no person)", "share"),
    "resolution_rate": ("Resolution rate", "share"),
    "durable_resolution_rate": ("Durable resolution (no repeat in 7 days)", "share"),
    "repeat_contact_rate": ("Repeat-contact rate", "share"),
    "handoff_rate": ("Handoff rate", "share"),
    "necessary_handoff_share": ("Necessary handoffs (of handoffs)", "share"),
    "abandonment_rate": ("Abandonment rate", "share"),
    "time_to_resolution_p50_s": ("Time to resolution p50", "seconds"),
    "time_to_resolution_p90_s": ("Time to resolution p90", "seconds"),
    "time_to_human_p50_s": ("Time to a person p50", "seconds"),
    "time_to_human_p90_s": ("Time to a person p90", "seconds"),
    "csat_positive_share": ("Satisfaction (4-5 of 5)", "share"),
    "csat_mean": ("Satisfaction mean score", "score"),
    "csat_response_rate": ("Survey response rate", "share"),
    "complaint_rate": ("Complaint rate", "share"),
    "complaint_upheld_share": ("Complaints upheld", "share"),
    "cost_per_contact": ("Cost per contact", "money"),
    "cost_per_resolved_contact": ("Cost per resolved contact", "money"),
    "assistant_fte_equivalent": ("Assistant's work in full-time people", "number"),
    "revenue_per_employee": ("Revenue per employee", "money"),
}


def format_value(value: float | None, kind: str) -> str:
    """Format one figure for people: shares as percent, seconds as time, money in major units."""
    if value is None:
        return "-"
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "share":
        return f"{value * 100:.1f}%"
    if kind == "seconds":
        return f"{value / 60:.1f} min" if value >= 120 else f"{value:.0f} s"
    if kind == "money":
        return f"{value / 100:,.2f}"
    return f"{value:,.2f}"


def _day(text: str | None, default: date) -> date:
    if text is None:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        typer.echo(f"error: {text!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from exc


@app.callback()
def report(
    ctx: typer.Context,
    first: From = None,
    last: To = None,
    market: Annotated[str | None, typer.Option(help="only this market (e.g. SE)")] = None,
    language: Annotated[str | None, typer.Option(help="only this language (e.g. sv)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    exact: Annotated[
        bool, typer.Option("--exact", help="compute from the conversations, not the rollups")
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(help="also print a breakdown: language, market, intent, queue, path, ..."),
    ] = None,
    revenue: Annotated[int | None, typer.Option(help="revenue of the period, minor units")] = None,
    headcount: Annotated[float | None, typer.Option(help="people employed")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Print the headline figures of a period (the dashboard's numbers)."""
    if ctx.invoked_subcommand is not None:
        return
    from ridgeline.analytics.dashboard import Settings, dashboard_figures, exact_figures
    from ridgeline.analytics.reader import Filters

    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    last_day = _day(last, yesterday)
    first_day = _day(first, last_day - timedelta(days=29))
    if first_day > last_day:
        typer.echo("error: --from is after --to", err=True)
        raise typer.Exit(2)
    f = Filters(first_day, last_day, market, language)
    settings = Settings(revenue=revenue, headcount=headcount)
    db = _database(database_url)
    with db.reader() as session:
        out: dict[str, Any] = (
            exact_figures(session, f, settings)
            if exact
            else dashboard_figures(session, f, settings)
        )
    if as_json:
        typer.echo(json.dumps(out, indent=2, sort_keys=True))
        return
    where = " ".join(x for x in (market, language) if x)
    typer.echo(f"Ridgeline service report {f.first} to {f.last} {where}".rstrip())
    previous = out.get("previous", {})
    for key, value in out["headline"].items():
        label, kind = LABELS.get(key, (key, "number"))
        line = f"  {label:<44} {format_value(value, kind):>14}"
        if key in previous:
            line += f"   (before: {format_value(previous[key], kind)})"
        typer.echo(line)
    if by:
        print_breakdown(out, by)


BREAKDOWN_COLUMNS = {
    "contacts": "contacts",
    "automation_rate": "automated",
    "durable_resolution_rate": "durable",
    "handoff_rate": "handed over",
    "time_to_human_p50_s": "to person p50",
    "csat_positive_share": "satisfied",
    "cost_per_contact": "cost/contact",
}


def print_breakdown(out: dict[str, Any], by: str) -> None:
    """Print one breakdown of the figures as a table, largest slices first."""
    groups = out.get("breakdowns", {}).get(by)
    if groups is None:
        names = ", ".join(out.get("breakdowns", {})) or "none with --exact"
        typer.echo(f"error: no breakdown by {by!r} (choose: {names})", err=True)
        raise typer.Exit(2)
    typer.echo(f"\nBy {by}:")
    typer.echo(f"  {by:<24}" + "".join(f"{h:>14}" for h in BREAKDOWN_COLUMNS.values()))
    ranked = sorted(groups.items(), key=lambda kv: -(kv[1].get("contacts") or 0))
    for label, figures in ranked:
        cells = "".join(
            f"{format_value(figures.get(k), LABELS[k][1]):>14}" for k in BREAKDOWN_COLUMNS
        )
        typer.echo(f"  {label:<24}{cells}")


@app.command("refresh")
def refresh_cmd(
    first: From = None,
    last: To = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Rebuild the rollups of a period from the conversations (run daily for the last 8 days)."""
    from ridgeline.analytics.dashboard import Settings
    from ridgeline.analytics.store import refresh

    today = datetime.now(UTC).date()
    last_day = _day(last, today)
    first_day = _day(first, today - timedelta(days=8))
    db = _database(database_url)
    settings = Settings()
    with db.writer() as session:
        rows = refresh(
            session,
            first_day,
            last_day,
            ai_cost_per_conversation=settings.cost.ai_cost_per_conversation or 0,
        )
        session.commit()
    typer.echo(f"rebuilt {rows} rollup rows for {first_day} to {last_day}")
