"""Run a folder of scenarios, each `repeat` times on a fresh sandbox, and build the report.

The JSON report is what `ridgeline simulate` reads as the assistant's measured behaviour:
`{"scenarios": [{"id", "intent", "passed", "runs", "passes", "handoff", "failures"}],
"summary": {"passed", "failed", "pass_hat_k"}}`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ridgeline.scenarios.runner import run_scenario
from ridgeline.scenarios.sandbox import SandboxFactory
from ridgeline.scenarios.schema import Scenario


def default_engine_for_scenarios() -> Any:
    """Return the engine on the embedded understanding."""
    from ridgeline.web.app import default_engine

    return default_engine()


def run_folder(folder: Path, repeat: int = 1, engine: Any = None) -> dict[str, Any]:
    """Run every scenario file in `folder` `repeat` times; pass^k counts scenarios passing all."""
    files = sorted(folder.glob("*.yaml"))
    factory = SandboxFactory(engine or default_engine_for_scenarios())
    items: list[dict[str, Any]] = []
    try:
        for path in files:
            scenario, fixture = Scenario.load(path)
            outcomes = []
            for _ in range(repeat):
                with factory.server() as url:
                    outcomes.append(run_scenario(scenario, fixture, url, factory.token))
            first = outcomes[0]
            items.append(
                {
                    "id": scenario.id,
                    "file": path.name,
                    "intent": next((i for i in first.intents if i), None),
                    "passed": all(o.passed for o in outcomes),
                    "runs": repeat,
                    "passes": sum(o.passed for o in outcomes),
                    "handoff": first.handoff and {k: first.handoff[k] for k in ("reason", "queue")},
                    "failures": sorted({f for o in outcomes for f in o.failures}),
                    "transcript": first.transcript,
                }
            )
    finally:
        factory.close()
    passed = sum(1 for i in items if i["passed"])
    return {
        "scenarios": items,
        "summary": {
            "passed": passed,
            "failed": len(items) - passed,
            "pass_hat_k": passed / len(items) if items else 0.0,
            "repeat": repeat,
        },
    }
