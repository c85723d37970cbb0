"""`ridgeline eval intents` on a small CSV pair: the report has every figure the issue asks for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ridgeline.cli.main import app
from ridgeline.understanding.catalogue import examples

INTENTS = ("card_lost", "refund_status", "human_agent", "late_fee")


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)


@pytest.mark.slow
def test_eval_intents_prints_the_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIDGELINE_CACHE_DIR", str(tmp_path / "cache"))
    rows = [(e.text, e.intent) for e in examples() if e.language == "en" and e.intent in INTENTS]
    train = rows[::2] + [("write me a poem", "oos"), ("what's the weather", "oos")] * 3
    test = [*rows[1::2][:20], ("who won the football", "oos"), ("tell me a joke", "oos")]
    _write(tmp_path / "train.csv", train)
    _write(tmp_path / "test.csv", test)
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "intents",
            "--train",
            str(tmp_path / "train.csv"),
            "--test",
            str(tmp_path / "test.csv"),
            "--oos-label",
            "oos",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["test_in_scope"] == 20
    assert report["test_out_of_scope"] == 2
    assert 0.0 <= report["macro_f1"] <= 1.0
    assert report["accuracy"] >= 0.7
    for key in ("oos_auroc", "at_in_scope_accuracy_0.95", "at_accepted_accuracy_0.95"):
        assert key in report
    assert report["latency"]["p50_ms"] > 0
    assert report["peak_memory_mb"] > 0
