"""Golden outputs: the shipped scenarios, a fixed seed, a short horizon, figures pinned.

A change to the model changes these numbers on purpose; regenerate them with
`RIDGELINE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/simulation/test_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from ridgeline.simulation.engine import simulate
from ridgeline.simulation.report import figures
from ridgeline.simulation.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
CASES = {"baseline": 3, "klarna-2024": 1, "erlang-check": 3}
SEED = 20260105


@pytest.mark.parametrize("name", sorted(CASES))
def test_shipped_scenario_matches_its_golden_figures(name: str) -> None:
    scenario, base = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    got = figures(simulate(scenario, seed=SEED, days=CASES[name], base=base))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("RIDGELINE_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            assert math.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key
