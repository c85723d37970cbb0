"""Markdown files with front matter: import, export, and the round trip between them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridgeline.cli.main import app as cli
from ridgeline.kit.db import Database
from ridgeline.knowledge import files, repository
from ridgeline.knowledge.errors import ArticleInputError

ONE = """---
id: KB-FR-03
language: fr
markets: [FR]
url: https://help.example.test/fr/frais
title: Nos frais
tags: [frais]
---
## Qu'est-ce qui ne coûte rien ?
Le paiement en 4 fois ne coûte rien. Payer en avance non plus.
"""
TWO = """---
id: KB-EN-01
language: en
title: Paying early
---
You can pay any instalment early, at no cost.
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "help"
    (folder / "fr").mkdir(parents=True, exist_ok=True)
    (folder / "fr" / "fees.md").write_text(ONE, encoding="utf-8")
    (folder / "early.md").write_text(TWO, encoding="utf-8")
    return folder


def test_import_then_export_gives_the_same_files(tmp_path: Path, database_url: str) -> None:
    runner = CliRunner()
    imported = runner.invoke(
        cli, ["knowledge", "import", str(_folder(tmp_path)), "--database-url", database_url]
    )
    assert imported.exit_code == 0, imported.output
    assert "2 created" in imported.output
    again = runner.invoke(
        cli, ["knowledge", "import", str(_folder(tmp_path)), "--database-url", database_url]
    )
    assert "2 unchanged" in again.output
    out = tmp_path / "out"
    exported = runner.invoke(cli, ["knowledge", "export", str(out), "--database-url", database_url])
    assert exported.exit_code == 0, exported.output
    assert (out / "fr" / "KB-FR-03.md").read_text("utf-8") == ONE
    assert (out / "en" / "KB-EN-01.md").read_text("utf-8") == TWO
    db = Database(database_url)
    with db.reader() as session:
        article = repository.get(session, "KB-FR-03")
        assert article is not None
        assert (article.markets, article.url, article.tags) == (
            ["FR"],
            "https://help.example.test/fr/frais",
            ["frais"],
        )
    db.dispose()
    reimported = [a.model_dump() for a in files.read_folder(out)]
    assert sorted(reimported, key=lambda a: a["id"]) == sorted(
        (a.model_dump() for a in files.read_folder(_folder(tmp_path))), key=lambda a: a["id"]
    )


def test_a_bad_file_is_refused_naming_the_file_and_field(tmp_path: Path, database_url: str) -> None:
    folder = _folder(tmp_path)
    (folder / "bad.md").write_text(TWO.replace("language: en", "language: pt"), "utf-8")
    result = CliRunner().invoke(
        cli, ["knowledge", "import", str(folder), "--database-url", database_url]
    )
    assert result.exit_code == 2
    assert "bad.md: language" in result.output
    db = Database(database_url)
    with db.reader() as session:
        assert repository.listed(session) == []  # all or nothing
    db.dispose()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("no front matter", "f.md"),
        ("---\nid: x\n", "f.md"),
        ("---\nid: A\nlanguage: en\ntitle: T\ncolour: red\n---\nbody\n", "f.md: colour"),
        ("---\nid: A\nlanguage: en\ntitle: T\n---\n\n", "f.md: body"),
        ("---\nid: A\nlanguage: en\n---\nbody\n", "f.md: title"),
    ],
)
def test_parse_errors_name_the_file(text: str, field: str) -> None:
    with pytest.raises(ArticleInputError) as caught:
        files.parse(text, "f.md")
    assert caught.value.message.startswith(field)


def test_duplicate_ids_in_a_folder_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "copy.md").write_text(TWO, "utf-8")
    with pytest.raises(ArticleInputError, match="KB-EN-01"):
        files.read_folder(folder)
