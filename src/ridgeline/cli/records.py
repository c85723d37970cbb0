"""Commands of the system of record: serve, demo, db upgrade, seed, import, token."""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ridgeline.kit.db import Database

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="SQLAlchemy URL (default: embedded SQLite in ./var)"),
]
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)


def _database(url: str | None) -> Database:
    from ridgeline.config import data_dir, default_database_url
    from ridgeline.kit.migrate import upgrade

    resolved = url or default_database_url()
    if resolved.startswith("sqlite"):
        data_dir().mkdir(parents=True, exist_ok=True)
    db = Database(resolved)
    upgrade(db.write_engine)
    return db


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None) -> None:
    """Apply every pending migration."""
    _database(database_url)
    typer.echo("database is at the newest schema")


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="customer, agent, supervisor or admin")],
    subject: Annotated[str | None, typer.Option(help="customer id or agent id")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Issue a bearer token and print it (only its hash is stored)."""
    from ridgeline.auth.service import issue_token
    from ridgeline.kit.clock import SystemClock
    from ridgeline.kit.errors import DomainError

    db = _database(database_url)
    with db.writer() as session:
        try:
            token = issue_token(session, SystemClock(), role, subject)
        except DomainError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(2) from exc
        session.commit()
    typer.echo(token)


def register(app: typer.Typer) -> None:
    """Add the system-of-record commands to `app`."""
    app.add_typer(db_app, name="db")
    app.add_typer(token_app, name="token")

    @app.command("serve")
    def serve(
        host: str = "127.0.0.1",
        port: int = 8000,
        database_url: DatabaseUrl = None,
        sandbox: Annotated[bool, typer.Option(help="enable fixture and clock routes")] = False,
        workers: Annotated[int, typer.Option(help="server processes")] = 1,
    ) -> None:
        """Run the HTTP server (migrating the database first)."""
        from ridgeline.config import default_database_url
        from ridgeline.web import workers as processes

        url = database_url or default_database_url()
        _database(url)
        os.environ["RIDGELINE_DATABASE_URL"] = url
        os.environ["RIDGELINE_SANDBOX"] = "1" if sandbox else "0"
        processes.serve(host, port, workers, log_level="warning")

    @app.command("seed")
    def seed(
        customers: Annotated[int, typer.Option(min=1, max=10_000_000)] = 1000,
        seed: Annotated[int, typer.Option()] = 1,
        now: Annotated[
            str | None, typer.Option(help="the portfolio's 'today' (ISO time with zone)")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Generate a deterministic sample portfolio (same seed and now: same rows)."""
        import time

        from ridgeline.portfolio import seed_database

        db = _database(database_url)
        started = time.perf_counter()
        moment = datetime.fromisoformat(now) if now else datetime.now(UTC)
        if moment.tzinfo is None:
            typer.echo("error: --now needs a time zone, e.g. 2026-03-10T12:00:00Z", err=True)
            raise typer.Exit(2)
        counts = seed_database(db, customers=customers, seed=seed, now=moment)
        elapsed = time.perf_counter() - started
        rows = sum(counts.values())
        typer.echo(json.dumps(counts))
        typer.echo(f"seeded {rows} rows in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s)")

    @app.command("import")
    def import_file(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Load a fixture document (a legacy CRM export): all of it, or nothing."""
        from pydantic import ValidationError

        from ridgeline.kit.clock import SystemClock
        from ridgeline.kit.errors import DomainError
        from ridgeline.sandbox.schemas import FixtureDocument
        from ridgeline.sandbox.service import load

        db = _database(database_url)
        try:
            doc = FixtureDocument.model_validate_json(file.read_bytes())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            typer.echo(f"error: {where}: {first['msg']} (nothing was written)", err=True)
            raise typer.Exit(1) from exc
        with db.writer() as session:
            try:
                counts = load(session, doc, SystemClock())
            except DomainError as exc:
                session.rollback()
                typer.echo(f"error: {exc.message} (nothing was written)", err=True)
                raise typer.Exit(1) from exc
            session.commit()
        typer.echo(json.dumps({"loaded": counts}))

    @app.command("demo")
    def demo(
        port: int = 8000,
        customers: Annotated[int, typer.Option(help="sample customers to generate")] = 2000,
    ) -> None:
        """Create the embedded database with a sample portfolio, print tokens, start the server."""
        from ridgeline.cli.demo import prepare_demo

        admin = os.environ.get("RIDGELINE_ADMIN_TOKEN") or f"rl_admin_{secrets.token_urlsafe(18)}"
        os.environ["RIDGELINE_ADMIN_TOKEN"] = admin
        url = prepare_demo(customers=customers, port=port, admin_token=admin)
        serve(host="127.0.0.1", port=port, database_url=url, sandbox=True, workers=1)
