"""`ridgeline eval wild --model`: the blind evaluation read through a hosted model, with the same
figures as the embedded run and the model's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from ridgeline.assistant.standin import Reply, StandInModel, by_message, commands
from ridgeline.cli.main import app

MESSAGES: list[dict[str, Any]] = [
    {"text": "yo when do i gotta cough up next", "kind": "informal", "intents": ["next_payment"]},
    {"text": "what's the best pizza topping", "kind": "off_topic", "intents": ["out_of_scope"]},
]


def test_the_wild_run_reads_through_the_model_and_prints_its_figures(tmp_path: Path) -> None:
    (tmp_path / "en.yaml").write_text(yaml.safe_dump({"language": "en", "messages": MESSAGES}))
    answers: dict[str, Reply] = {
        MESSAGES[0]["text"]: commands(
            {"command": "start_flow", "flow": "next_payment", "slots": {}}
        ),
        MESSAGES[1]["text"]: commands({"command": "out_of_scope"}),
    }
    with StandInModel(by_message(answers)) as model:
        options = ["--model", "stand-in", "--base-url", model.url, "--mode", "always"]
        result = CliRunner().invoke(
            app, ["eval", "wild", "--folder", str(tmp_path), "--json", *options]
        )
        assert result.exit_code == 0, result.output
        assert len(model.requests) == 2
    figures = json.loads(result.output)
    assert figures["messages"] == 2 and figures["accuracy"] == 100.0
    assert figures["model"] == {
        "name": "stand-in",
        "mode": "always",
        "turns": 2,
        "asked": 2,
        "share_asked": 100.0,
        "ok_rate": 100.0,
        "error_rate": 0.0,
        "timeout_rate": 0.0,
        "non_json_rate": 0.0,
        "refused_rate": 0.0,
        "unavailable_rate": 0.0,
    }


def test_a_model_needs_a_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "wild", "--folder", str(tmp_path), "--model", "m"], env={}
    )
    assert result.exit_code != 0 and "--base-url" in result.output
