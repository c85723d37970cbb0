"""The public scenarios and our own, held against a fresh sandbox each, on the embedded model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ridgeline.scenarios.runner import run_scenario
from ridgeline.scenarios.sandbox import SandboxFactory
from ridgeline.scenarios.schema import Scenario
from ridgeline.web.app import default_engine

HERE = Path(__file__).resolve().parent
FILES = sorted((HERE / "public").glob("*.yaml")) + sorted((HERE / "own").glob("*.yaml"))


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[SandboxFactory]:
    """Return one sandbox factory (and one engine, so the model loads once) for the module."""
    factory = SandboxFactory(default_engine())
    yield factory
    factory.close()


def test_there_are_public_and_own_scenarios() -> None:
    assert len([f for f in FILES if f.parent.name == "public"]) == 8
    assert len(FILES) >= 8


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_scenario_passes(sandboxes: SandboxFactory, path: Path) -> None:
    scenario, fixture = Scenario.load(path)
    with sandboxes.server() as url:
        outcome = run_scenario(scenario, fixture, url, sandboxes.token)
    assert outcome.passed, "\n".join(outcome.failures + [str(t) for t in outcome.transcript])
