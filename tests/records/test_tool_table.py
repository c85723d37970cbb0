"""One tool table: every tool is defined once with its spec, the flows use only tools of the
table in the order their specs allow, and the assistant reads the specs through its port."""

from __future__ import annotations

import pytest

from ridgeline.assistant.flows.schema import Act, Check, Lookup, catalogue
from ridgeline.records.adapter import RecordsAdapter
from ridgeline.records.tools import SPECS, SUBJECTS, TOOLS
from ridgeline.records.tools.registry import tool


def test_the_specs_are_the_table_s_own() -> None:
    assert set(SPECS) == set(TOOLS)
    assert all(SPECS[name] is TOOLS[name].spec and SPECS[name].name == name for name in TOOLS)
    assert RecordsAdapter.tools is SPECS


def test_every_tool_a_flow_names_is_in_the_table_and_every_tool_is_used() -> None:
    named = {
        step.tool
        for flow in catalogue().flows.values()
        for step in flow.steps
        if isinstance(step, Lookup | Check | Act)
    }
    assert named <= set(TOOLS)
    assert set(TOOLS) - named == set()  # no tool that no flow can reach
    catalogue().check_tools(SPECS)


def test_each_tool_lives_in_one_subject_module() -> None:
    homes = {name: t.run.__module__ for name, t in TOOLS.items()}
    assert set(homes.values()) == {m.__name__ for m in SUBJECTS}


def test_a_tool_cannot_be_defined_twice() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        tool("next_payment")(TOOLS["next_payment"].run)


def test_writes_are_known_to_the_table() -> None:
    writing = {name for name, spec in SPECS.items() if spec.writes}
    assert {"report_return", "extend_due_date", "lock_account", "close_account"} <= writing
    assert not SPECS["next_payment"].writes
    assert {name for name, spec in SPECS.items() if spec.immediate} == {
        "open_complaint",
        "open_difficulty_case",
        "open_privacy_case",
        "report_phishing",
    }
