"""Prepare the demo: an embedded database with sample data, tokens per role, and what to open."""

from __future__ import annotations

import _thread
import json
import secrets
import signal
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import Any

import httpx
import typer
from sqlalchemy import func, select

from ridgeline.auth.service import issue_token
from ridgeline.config import data_dir
from ridgeline.customers.models import Customer
from ridgeline.kit.clock import SystemClock
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.policy import QUEUES
from ridgeline.sandbox.schemas import FixtureDocument
from ridgeline.sandbox.service import load

DEMO_FIXTURES = ("gb.json", "fr-es.json", "se-de.json")
DEMO_CUSTOMER = "PC-FR1"
DEMO_AGENT = "demo-agent"
DEMO_AGENT_EMAIL = "agent@ridgeline.example"
DEMO_SUPERVISOR_EMAIL = "supervisor@ridgeline.example"
DEMO_REQUEST = "J'ai perdu mon emploi et je ne peux plus payer mes échéances."
READY_SECONDS = 60.0


def _template_language(language: str) -> str:
    folder = resources.files("ridgeline.assistant.templates")
    return language if folder.joinpath(f"{language}.yaml").is_file() else "en"


def prepare_desk(db: Database) -> dict[str, str]:
    """Create the demo agent and supervisor, and a conversation handed to a person.

    The agent and supervisor get new passwords each run. When nobody waits at the desk, a
    conversation is added in which Camille asks for help and is handed to a person.

    The customer's words are scripted (the scripted understanding of `assistant.testing`), so
    the demo starts without loading the language model; the rest runs through the real engine,
    the way every customer message goes (`conversations.messages.handle_message`: `understand`,
    then `keep`) and the audit log.
    """
    from ridgeline.assistant.engine import Engine
    from ridgeline.assistant.ports import Reading
    from ridgeline.assistant.testing import ScriptedUnderstanding
    from ridgeline.context import ServiceContext
    from ridgeline.conversations import service as conversations
    from ridgeline.conversations.messages import handle_message
    from ridgeline.desk import repository as desk_repo
    from ridgeline.desk import service as desk

    clock = SystemClock()
    passwords = {"agent": secrets.token_urlsafe(9), "supervisor": secrets.token_urlsafe(9)}
    with db.writer() as session:
        ctx = ServiceContext(session, clock)
        people = (
            (
                "agent",
                DEMO_AGENT,
                DEMO_AGENT_EMAIL,
                "Alex Martin",
                ("general", "financial_support"),
            ),
            ("supervisor", "demo-supervisor", DEMO_SUPERVISOR_EMAIL, "Sam Lind", tuple(QUEUES)),
        )
        for role, agent_id, email, name, skills in people:
            if desk_repo.get_agent(session, agent_id) is None:
                desk.create_agent(
                    ctx,
                    email=email,
                    name=name,
                    password=passwords[role],
                    role=role,
                    skills=skills,
                    agent_id=agent_id,
                )
            else:
                desk.set_password(ctx, agent_id, passwords[role])
        someone_waits = bool(desk_repo.waiting(session))
        session.commit()
    if not someone_waits:
        language = _template_language("fr")
        reading = Reading(
            language=language,
            intents=(("financial_difficulty", 0.93),),
            out_of_scope=False,
            model="scripted",
        )
        engine = Engine(ScriptedUnderstanding({DEMO_REQUEST: reading}))
        opened = conversations.start(db, clock, engine, DEMO_CUSTOMER, "web", language)
        handle_message(db, clock, lambda: engine, opened.id, DEMO_REQUEST, DEMO_CUSTOMER)
    return passwords


def _shifted(value: Any, days: timedelta) -> Any:
    """Return `value` with every date and time in it moved by `days`."""
    if isinstance(value, datetime | date):
        return value + days
    if isinstance(value, dict):
        return {k: _shifted(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, days) for v in value]
    return value


def _moved_to_today(doc: FixtureDocument) -> FixtureDocument:
    """Return a showcase fixture with its dates moved by whole days so that its "now" is today.

    The demo runs on the real clock, and "your next payment" must still lie ahead.
    """
    data = doc.model_dump()
    reference = data.pop("now", None)
    if reference is None:
        return doc
    days = timedelta(days=(datetime.now(UTC).date() - reference.date()).days)
    return FixtureDocument.model_validate(_shifted(data, days))


def port_taken(port: int) -> bool:
    """Return whether something already listens on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def wait_until_ready(base: str, timeout: float = READY_SECONDS) -> bool:
    """Return True once GET `base`/healthz answers 200; False if it has not within `timeout` s."""
    deadline = time.monotonic() + timeout
    with httpx.Client(trust_env=False, timeout=2.0) as client:  # no proxy for 127.0.0.1
        while True:
            try:
                if client.get(f"{base}/healthz").status_code == 200:
                    return True
            except httpx.HTTPError:
                pass  # not listening yet, or not answering yet
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)


def _stop_server() -> None:
    """Stop the server that the main thread runs, as Ctrl-C would."""
    _thread.interrupt_main(signal.SIGINT)


def announce_when_ready(
    base: str,
    text: str,
    timeout: float = READY_SECONDS,
    stop: Callable[[], None] = _stop_server,
) -> threading.Thread:
    """Print `text` from a background thread once the server at `base` answers /healthz.

    If it has not answered within `timeout` seconds, say so on stderr and `stop` the server.
    """

    def watch() -> None:
        if wait_until_ready(base, timeout):
            typer.echo(text)
            return
        typer.echo(
            f"error: the demo server did not answer {base}/healthz within {timeout:.0f} s; "
            "stopping it",
            err=True,
        )
        stop()

    thread = threading.Thread(target=watch, name="demo-ready", daemon=True)
    thread.start()
    return thread


def prepare_demo(*, customers: int, port: int, admin_token: str) -> str:
    """Create (once) and fill the demo database; return its URL.

    The caller then starts the server on `port`: the URLs and tokens are printed once it answers
    /healthz.
    """
    if port_taken(port):
        typer.echo(
            f"error: port {port} is already in use (another demo?): stop it or pass --port",
            err=True,
        )
        raise typer.Exit(1)
    from ridgeline.analytics.history import generate_history
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
                load(session, _moved_to_today(doc), SystemClock())
            session.commit()
        typer.echo("generating three months of conversation history for the dashboard ...")
        with db.writer() as session:
            generate_history(session, months=3, seed=7, now=datetime.now(UTC), contacts_per_day=150)
            session.commit()
    with db.transaction() as session:  # the shipped help centre, six languages (once per id)
        from ridgeline.context import ServiceContext
        from ridgeline.knowledge.service import load_help_centre

        load_help_centre(ServiceContext(session, SystemClock()))
    with db.writer() as session:
        clock = SystemClock()
        tokens = {
            "customer (PC-FR1, Camille)": issue_token(
                session, clock, "customer", DEMO_CUSTOMER, "demo"
            ),
            "agent (demo-agent)": issue_token(session, clock, "agent", DEMO_AGENT, "demo"),
            "supervisor": issue_token(session, clock, "supervisor", "demo-supervisor", "demo"),
        }
        session.commit()
    passwords = prepare_desk(db)
    db.dispose()
    base = f"http://127.0.0.1:{port}"
    typer.echo(f"starting the server on {base} ...")
    shown: list[str] = []
    say = shown.append
    say("")
    say("Ridgeline demo (embedded SQLite at " + url.removeprefix("sqlite:///") + ")")
    say(f"  API docs:        {base}/docs")
    say(f"  health:          {base}/healthz")
    say(f"  a customer:      {base}/api/v1/customers/PC-FR1")
    say("Tokens (send as 'Authorization: Bearer <token>'):")
    say(f"  admin:           {admin_token}")
    width = max(len(role) for role in tokens) + 2
    for role, token in tokens.items():
        say(f"  {role + ':':<{width}}{token}")
    agent = tokens["agent (demo-agent)"]
    say(f"Try: curl -H 'Authorization: Bearer {agent}' {base}/api/v1/orders/PO-FR1")
    customer = tokens["customer (PC-FR1, Camille)"]
    say("Customer chat (Camille, in French):")
    say(f"  {base}/chat?token={customer}&locale=fr-FR")
    say("Agent console (a handed-over conversation is waiting in the queue):")
    say(f"  {base}/desk")
    say(f"  agent sign-in:      {DEMO_AGENT_EMAIL} / {passwords['agent']}")
    say(f"  supervisor sign-in: {DEMO_SUPERVISOR_EMAIL} / {passwords['supervisor']}")
    say("Operations dashboard (three months of generated history):")
    say(f"  {base}/dashboard?token={tokens['supervisor']}")
    say("Embed the chat on a site:")
    say(f'  <script src="{base}/embed.js" data-token="{customer}" data-locale="fr-FR"></script>')
    say("")
    announce_when_ready(base, "\n".join(shown))
    return url
