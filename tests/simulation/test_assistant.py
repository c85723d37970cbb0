"""The assistant's behaviour from a scenario-run result, and the automation lever."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ridgeline.simulation.assistant import (
    apply_automation,
    behaviours_from_run,
    containment,
)
from ridgeline.simulation.engine import resolve_behaviours, simulate
from ridgeline.simulation.scenario import IntentBehaviour, Scenario
from tests.simulation.factories import scenario_dict

RUN_JSON = Path(__file__).parent / "data" / "scenarios-run.json"


def test_reads_the_scenario_run_shape() -> None:
    got = behaviours_from_run(RUN_JSON)
    refund = got["refund_status"]
    # 4 scenarios: 2 passed without handoff, 1 handed over, 1 failed unhelped
    assert refund.resolve == pytest.approx(0.5)
    assert refund.handoff == pytest.approx(0.25)
    assert refund.queue == "disputes"
    assert refund.reason == "low_confidence"
    assert not refund.rule
    hardship = got["financial_difficulty"]
    assert (hardship.resolve, hardship.handoff) == (0.0, 1.0)
    assert hardship.queue == "financial_support"
    assert hardship.rule


def test_rejects_a_file_without_scenarios(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"results": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="scenarios"):
        behaviours_from_run(bad)
    bad.write_text(json.dumps({"scenarios": [{"id": "x"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="intent"):
        behaviours_from_run(bad)


def test_scenario_reads_the_run_relative_to_its_file(tmp_path: Path) -> None:
    (tmp_path / "run.json").write_text(RUN_JSON.read_text(encoding="utf-8"), encoding="utf-8")
    data = scenario_dict(queues=1)
    data["arrivals"]["intent_mix"] = {"refund_status": 1.0, "financial_difficulty": 1.0}
    data["assistant"]["from_scenarios_run"] = "run.json"
    data["people"]["queues"] = {
        q: {"handle_time_mean_s": 400.0} for q in ("general", "disputes", "financial_support")
    }
    data["people"]["groups"][0]["skills"] = ["general", "disputes", "financial_support"]
    scenario = Scenario.model_validate(data)
    got = resolve_behaviours(scenario, tmp_path)
    assert got["refund_status"].handoff == pytest.approx(0.25)
    result = simulate(scenario, seed=3, base=tmp_path)
    hardship = result.table.intent.code("financial_difficulty")
    rows = result.table.intent.codes == hardship
    # every hardship conversation reaches a person, by rule
    assert not np.any(rows & result.table.path_is("assistant_only"))
    assert np.all(result.table.rule_required_handoff[rows & result.table.path_is("handed_over")])


def _behaviours() -> tuple[dict[str, IntentBehaviour], dict[str, float]]:
    return (
        {
            "a": IntentBehaviour(resolve=0.6, handoff=0.3),
            "b": IntentBehaviour(resolve=0.3, handoff=0.6),
            "rule": IntentBehaviour(resolve=0.0, handoff=1.0, rule=True),
        },
        {"a": 0.5, "b": 0.3, "rule": 0.2},
    )


@pytest.mark.parametrize("target", [0.2, 0.45, 0.7])
def test_automation_lever_reaches_its_target_and_spares_rules(target: float) -> None:
    behaviours, mix = _behaviours()
    shifted = apply_automation(behaviours, mix, target)
    assert containment(shifted, mix) == pytest.approx(target, abs=1e-6)
    assert shifted["rule"] == behaviours["rule"]
    for name in ("a", "b"):
        # the assistant never resolves more than it can, nor more than it keeps
        assert shifted[name].resolve <= behaviours[name].resolve + 1e-12
        assert shifted[name].resolve <= 1 - shifted[name].handoff + 1e-12


def test_automation_beyond_reach_is_capped_by_rules() -> None:
    behaviours, mix = _behaviours()
    shifted = apply_automation(behaviours, mix, 0.95)
    # the rule intent (20% of the mix) always goes to a person
    assert containment(shifted, mix) == pytest.approx(0.8, abs=1e-6)


def test_counts_repeated_runs_and_skips_unrecognised_rows(tmp_path: Path) -> None:
    report = {
        "scenarios": [
            # 3 runs of which 2 passed, no handoff: 2 resolved, 1 kept unresolved
            {
                "id": "a",
                "intent": "pay_now",
                "passed": False,
                "runs": 3,
                "passes": 2,
                "handoff": None,
            },
            {
                "id": "b",
                "intent": "pay_now",
                "passed": True,
                "runs": 1,
                "passes": 1,
                "handoff": {"reason": "policy_limit", "queue": "payments"},
            },
            {"id": "c", "intent": None, "passed": False, "runs": 3, "passes": 0, "handoff": None},
        ],
        "summary": {"passed": 1, "failed": 2},
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    got = behaviours_from_run(path)
    assert list(got) == ["pay_now"]
    assert got["pay_now"].resolve == pytest.approx(2 / 4)
    assert got["pay_now"].handoff == pytest.approx(1 / 4)
    assert got["pay_now"].queue == "payments"
    assert got["pay_now"].rule  # its handoff's reason, policy_limit, is required by a rule
