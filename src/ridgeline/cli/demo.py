"""Prepare the demo: an embedded database with sample data, tokens per role, and what to open."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources

import typer
from sqlalchemy import func, select

from ridgeline.auth.service import issue_token
from ridgeline.config import data_dir
from ridgeline.customers.models import Customer
from ridgeline.kit.clock import SystemClock
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.sandbox.schemas import FixtureDocument
from ridgeline.sandbox.service import load

DEMO_FIXTURES = ("gb.json", "fr-es.json", "se-de.json")


def prepare_demo(*, customers: int, port: int, admin_token: str) -> str:
    """Create (once) and fill the demo database; print the URLs and tokens; return its URL."""
    from ridgeline.portfolio import seed_database

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'demo.db'}"
    db = Database(url)
    upgrade(db.write_engine)
    with db.reader() as session:
        existing = session.scalar(select(func.count(Customer.id))) or 0
    if existing == 0:
        typer.echo(f"generating a sample portfolio of {customers} customers ...")
        seed_database(db, customers=customers, seed=7, now=datetime.now(UTC))
        with db.writer() as session:
            for name in DEMO_FIXTURES:
                text = (
                    resources.files("ridgeline.sandbox")
                    .joinpath("fixtures", name)
                    .read_text(encoding="utf-8")
                )
                doc = FixtureDocument.model_validate(json.loads(text))
                load(session, doc.model_copy(update={"now": None}), SystemClock())
            session.commit()
    with db.writer() as session:
        clock = SystemClock()
        tokens = {
            "customer (PC-FR1, Camille)": issue_token(session, clock, "customer", "PC-FR1", "demo"),
            "agent (demo-agent)": issue_token(session, clock, "agent", "demo-agent", "demo"),
            "supervisor": issue_token(session, clock, "supervisor", "demo-supervisor", "demo"),
        }
        session.commit()
    db.dispose()
    base = f"http://127.0.0.1:{port}"
    typer.echo("")
    typer.echo("Ridgeline demo (embedded SQLite at " + url.removeprefix("sqlite:///") + ")")
    typer.echo(f"  API docs:        {base}/docs")
    typer.echo(f"  health:          {base}/healthz")
    typer.echo(f"  a customer:      {base}/api/v1/customers/PC-FR1")
    typer.echo("Tokens (send as 'Authorization: Bearer <token>'):")
    typer.echo(f"  admin:           {admin_token}")
    for role, token in tokens.items():
        typer.echo(f"  {role + ':':<17}{token}")
    agent = tokens["agent (demo-agent)"]
    typer.echo(f"Try: curl -H 'Authorization: Bearer {agent}' {base}/api/v1/orders/PO-FR1")
    typer.echo("")
    return url
