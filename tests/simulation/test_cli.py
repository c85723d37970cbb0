"""`ridgeline simulate SCENARIO.yaml` and `ridgeline simulate sweep SCENARIO.yaml`."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from ridgeline.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
BASELINE = str(ROOT / "scenarios" / "baseline.yaml")
runner = CliRunner()


def test_simulate_a_scenario_prints_metrics_and_writes_plots(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = runner.invoke(app, ["simulate", BASELINE, "--days", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "automation_rate" in result.output
    assert "cost_per_resolved_contact" in result.output
    names = {p.name for p in out.iterdir()}
    assert {"contacts.csv", "series_hourly.csv", "index.html"} <= names
    assert {"load_and_staffing.png", "service_and_satisfaction.png", "paths.png"} <= names
    assert (out / "paths.png").read_bytes()[:4] == b"\x89PNG"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "automation_rate" in page and 'src="paths.png"' in page


def test_explicit_run_command_and_parquet_events(tmp_path: Path) -> None:
    out = tmp_path / "pq"
    args = ["simulate", "run", BASELINE, "--days", "1", "--out", str(out)]
    result = runner.invoke(app, [*args, "--format", "parquet", "--events", "--no-plots"])
    assert result.exit_code == 0, result.output
    contacts = pq.read_table(out / "contacts.parquet")
    events = pq.read_table(out / "events.parquet")
    assert contacts.num_rows > 0
    assert set(events.column("kind").to_pylist()) <= {
        "arrived",
        "queued",
        "answered",
        "abandoned",
        "ended",
    }
    # every contact arrives once and ends once (ended or abandoned)
    kinds = events.column("kind").to_pylist()
    assert kinds.count("arrived") == contacts.num_rows
    assert kinds.count("ended") + kinds.count("abandoned") == contacts.num_rows


def test_sweep_prints_the_frontier_and_names_the_point(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    result = runner.invoke(
        app,
        [
            "simulate",
            "sweep",
            BASELINE,
            "--vary",
            "automation=0.6:0.8:0.1",
            "--vary",
            "agents=1.0",
            "--days",
            "2",
            "--workers",
            "1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 runs" in result.output
    assert "Named point: automation=" in result.output
    assert (out / "frontier.png").exists()


def test_bad_lever_is_a_usage_error() -> None:
    result = runner.invoke(app, ["simulate", "sweep", BASELINE, "--vary", "weather=1:2:1"])
    assert result.exit_code != 0
    assert "weather" in result.output
