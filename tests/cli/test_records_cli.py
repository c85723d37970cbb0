"""The system-of-record commands: db upgrade, import (all or nothing), token, seed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from ridgeline.cli.main import app
from ridgeline.customers.models import Customer
from ridgeline.kit.db import Database
from tests.api.test_fixtures import CONTRACT_EXAMPLE

runner = CliRunner()


def _count(url: str) -> int:
    db = Database(url)
    with db.reader() as s:
        n = int(s.scalar(select(func.count(Customer.id))) or 0)
    db.dispose()
    return n


def test_import_loads_a_legacy_export_whole(tmp_path: Path, database_url: str) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(CONTRACT_EXAMPLE))
    result = runner.invoke(app, ["import", str(export), "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["loaded"]["orders"] == 1
    assert _count(database_url) == 1


def test_import_of_a_bad_export_names_the_record_and_writes_nothing(
    tmp_path: Path, database_url: str
) -> None:
    bad = json.loads(json.dumps(CONTRACT_EXAMPLE))
    bad["orders"][0]["plan"]["installments"][0]["amount"] = 1
    export = tmp_path / "export.json"
    export.write_text(json.dumps(bad))
    result = runner.invoke(app, ["import", str(export), "--database-url", database_url])
    assert result.exit_code == 1
    assert "orders[0] (O1)" in result.output
    assert _count(database_url) == 0


def test_import_refuses_unknown_fields(tmp_path: Path, database_url: str) -> None:
    bad = json.loads(json.dumps(CONTRACT_EXAMPLE))
    bad["customers"][0]["shoe_size"] = 42
    export = tmp_path / "export.json"
    export.write_text(json.dumps(bad))
    result = runner.invoke(app, ["import", str(export), "--database-url", database_url])
    assert result.exit_code == 1
    assert "shoe_size" in result.output
    assert _count(database_url) == 0


def test_token_create_prints_a_working_token(database_url: str) -> None:
    result = runner.invoke(
        app,
        ["token", "create", "--role", "agent", "--subject", "A1", "--database-url", database_url],
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("rl_agent_")
    bad = runner.invoke(
        app, ["token", "create", "--role", "customer", "--database-url", database_url]
    )
    assert bad.exit_code == 2


def test_seed_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    counts = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.db"
        result = runner.invoke(
            app, ["seed", "--customers", "40", "--seed", "3", "--database-url", url]
        )
        assert result.exit_code == 0, result.output
        counts.append(result.output.splitlines()[0])
    assert counts[0] == counts[1]
    assert json.loads(counts[0])["customers"] == 40
