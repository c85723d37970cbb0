"""Articles as Markdown files with front matter, so a lender can keep its help centre in git.

    ---
    id: en-fees
    language: en
    markets: [GB, US]        # optional: every market
    url: https://help.example.com/en/fees   # optional
    title: Our fees
    tags: [fees]             # optional
    ---
    ## What costs nothing?
    ...

`ridgeline knowledge import DIR` reads every `*.md` below DIR; `export DIR` writes one file per
article, `DIR/<language>/<id>.md`. The shipped help centre (`help_centre/<language>/*.md`) is
read the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ridgeline.knowledge.errors import ArticleInputError
from ridgeline.knowledge.models import Article
from ridgeline.knowledge.schemas import ArticleIn

FRONT_MATTER = ("id", "language", "markets", "url", "title", "tags")


def _problem(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    field = ".".join(str(p) for p in first.get("loc", ())) or "article"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return field, message


def parse(text: str, where: str) -> ArticleIn:
    """Return the article of one Markdown file's text (`where` names it in errors)."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        raise ArticleInputError(where, "a file must start with front matter between --- lines")
    parts = text.split("\n", 1)[1].split("\n---", 1) if "\n" in text else []
    if len(parts) != 2:
        raise ArticleInputError(where, "the front matter has no closing --- line")
    try:
        meta = yaml.safe_load(parts[0]) or {}
    except yaml.YAMLError as exc:
        raise ArticleInputError(where, f"the front matter is not YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise ArticleInputError(where, "the front matter must be a mapping")
    unknown = sorted(str(k) for k in meta if k not in FRONT_MATTER)
    if unknown:
        raise ArticleInputError(f"{where}: {unknown[0]}", "unknown front matter field")
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    fields: dict[str, Any] = {k: v for k, v in meta.items() if v is not None}
    try:
        return ArticleIn.model_validate({**fields, "body": body.strip("\n") + "\n"})
    except ValidationError as exc:
        field, message = _problem(exc)
        raise ArticleInputError(f"{where}: {field}", message) from exc


def _markdown_files(folder: Traversable) -> Iterable[Traversable]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _markdown_files(entry)
        elif entry.name.endswith(".md"):
            yield entry


def read_folder(folder: Path | Traversable) -> list[ArticleIn]:
    """Return the articles of every `*.md` file below `folder`, refusing duplicate ids."""
    found: list[ArticleIn] = []
    seen: dict[str, str] = {}
    for entry in _markdown_files(folder):
        where = entry.name if not isinstance(entry, Path) else str(entry)
        article = parse(entry.read_text(encoding="utf-8"), where)
        if article.id in seen:
            raise ArticleInputError(f"{where}: id", f"{article.id!r} is also in {seen[article.id]}")
        seen[article.id] = where
        found.append(article)
    return found


def shipped() -> list[ArticleIn]:
    """Return the articles of the help centre shipped with Ridgeline (six languages)."""
    return read_folder(resources.files("ridgeline.knowledge").joinpath("help_centre"))


def render(article: Article) -> str:
    """Return an article as a Markdown file with front matter."""
    meta: dict[str, Any] = {"id": article.id, "language": article.language}
    if article.markets:
        meta["markets"] = list(article.markets)
    if article.url:
        meta["url"] = article.url
    meta["title"] = article.title
    if article.tags:
        meta["tags"] = list(article.tags)
    lines = []
    for name, value in meta.items():
        flow = isinstance(value, list)
        dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, width=1000)
        lines.append(f"{name}: {dumped.removesuffix(chr(10)).removesuffix('...').strip()}")
    front = "\n".join(lines)
    return f"---\n{front}\n---\n{article.body.strip(chr(10))}\n"


def write_folder(folder: Path, articles: Iterable[Article]) -> list[Path]:
    """Write each article to `folder/<language>/<id>.md`; return the files written."""
    written: list[Path] = []
    for article in articles:
        path = folder / article.language / f"{article.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(article), encoding="utf-8")
        written.append(path)
    return written
