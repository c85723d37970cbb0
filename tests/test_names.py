"""One home per list of names: handoff reasons, queues and case types in `ridgeline.policy`, audit
action names in `ridgeline.audit.actions`, imported wherever they are used.

The source is scanned with `ast`: an audit action, a handoff reason, a queue or a case type written
as a literal anywhere in `src/` must be one of the listed names, so a misspelt or invented name
fails here instead of silently disagreeing with the metric dictionary.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from ridgeline import policy
from ridgeline.analytics import contacts, history
from ridgeline.audit import actions
from ridgeline.desk import routing
from ridgeline.desk import schemas as desk_schemas
from ridgeline.simulation import assistant as simulated_assistant
from ridgeline.simulation.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ridgeline"
# the audit API itself: its `action` parameter is what its callers pass, checked at the callers
AUDIT_API = SRC / "audit" / "service.py"
# calls that write an audit entry, and the position of their action argument
AUDIT_CALLS = {"record": 1, "columns": 2}
# calls that open or write a case, and the position of their case-type argument
CASE_CALLS = {"open_case": 2, "open_case_facts": 2, "case_row": 2}
SIMULATION_SCENARIOS = (
    *sorted((ROOT / "scenarios").glob("*.yaml")),
    SRC / "analytics" / "history_scenario.yaml",
)


# -- the lists themselves --------------------------------------------------------------------


def test_the_lists_are_well_formed() -> None:
    for names in (policy.QUEUES, policy.HANDOFF_REASONS, policy.CASE_TYPES, policy.DISPUTE_REASONS):
        assert len(set(names)) == len(names)
    assert set(policy.HANDOFF_REASONS) >= policy.RULE_REQUIRED_REASONS
    assert set(policy.HANDOFF_REASONS) >= policy.URGENT_REASONS
    assert set(policy.QUEUES) >= policy.HIGH_PRIORITY_QUEUES
    # a rule required the handoff unless the customer asked or the assistant was unsure
    assert set(policy.HANDOFF_REASONS) - policy.RULE_REQUIRED_REASONS == {
        "customer_request",
        "low_confidence",
        "repeated_misunderstanding",
        "out_of_scope",
    }


def test_audit_actions_are_grouped_once_and_hold_the_contracts() -> None:
    groups = [
        value
        for name, value in vars(actions).items()
        if name.endswith("_ACTIONS") and name != "CONTRACT_ACTIONS"
    ]
    assert sum(len(g) for g in groups) == len(actions.ACTIONS) == len(frozenset().union(*groups))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", name) for name in actions.ACTIONS)
    assert actions.CONTRACT_ACTIONS <= actions.ACTIONS


# -- the readers use those lists ---------------------------------------------------------------


def test_analytics_and_the_simulator_use_the_policys_rule_required_reasons() -> None:
    for module in (contacts, simulated_assistant):
        assert vars(module)["RULE_REQUIRED_REASONS"] is policy.RULE_REQUIRED_REASONS


def test_the_desk_and_the_flows_use_the_policys_queues_and_reasons() -> None:
    from ridgeline.assistant.flows.schema import Flow, HandoffSpec

    assert routing.QUEUES is policy.QUEUES
    assert typing.get_args(desk_schemas.Queue) == policy.QUEUES
    assert typing.get_args(HandoffSpec.model_fields["queue"].annotation) == policy.QUEUES
    assert typing.get_args(Flow.model_fields["queue"].annotation) == policy.QUEUES
    assert typing.get_args(HandoffSpec.model_fields["reason"].annotation) == policy.HANDOFF_REASONS


def test_every_copy_of_the_contracts_actions_is_equal() -> None:
    """The records adapter reports exactly the contract's actions (it imports them, or while it
    still holds its own set, that set is equal)."""
    holders = [
        module
        for module, tree in _modules()
        if any(
            isinstance(node, ast.Name | ast.alias)
            and (node.id if isinstance(node, ast.Name) else node.name) == "CONTRACT_ACTIONS"
            for node in ast.walk(tree)
        )
    ]
    assert holders
    for module in holders:
        held = getattr(importlib.import_module(module), "CONTRACT_ACTIONS", None)
        if held is not None:
            assert set(held) == actions.CONTRACT_ACTIONS, module


def test_history_writes_actions_the_services_write() -> None:
    assert set(history.PERSON_ACTIONS) == set(policy.QUEUES)
    assert set(history.PERSON_ACTIONS.values()) <= actions.ACTIONS


def test_simulated_centres_use_the_catalogue_names() -> None:
    for path in SIMULATION_SCENARIOS:
        scenario, _ = load_scenario(path)
        for intent, b in _behaviours(scenario):
            where = f"{path.name}: {intent}"
            assert b.reason in policy.HANDOFF_REASONS, where
            assert b.queue in policy.QUEUES, where
            # a scenario marks a handoff as required by a rule only for a rule-required reason
            assert not b.rule or b.reason in policy.RULE_REQUIRED_REASONS, where
        assert set(scenario.people.queues) <= set(policy.QUEUES), path.name


def test_the_flow_catalogue_names_known_reasons_and_queues() -> None:
    text = (
        resources.files("ridgeline.assistant.flows")
        .joinpath("catalogue.yaml")
        .read_text(encoding="utf-8")
    )
    named = list(_keyed(yaml.safe_load(text)))
    reasons = {value for key, value in named if key == "reason"}
    queues = {value for key, value in named if key == "queue"}
    assert reasons and queues
    assert reasons <= set(policy.HANDOFF_REASONS), reasons - set(policy.HANDOFF_REASONS)
    assert queues <= set(policy.QUEUES), queues - set(policy.QUEUES)


def test_scenario_files_expect_contract_actions() -> None:
    for path in sorted((ROOT / "tests" / "scenarios").rglob("*.yaml")):
        for key, value in _keyed(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if key in ("actions_include", "actions_exclude"):
                unknown = set(value) - actions.CONTRACT_ACTIONS - {"*"}
                assert not unknown, f"{path.name}: {sorted(unknown)}"


# -- the source writes only listed names ---------------------------------------------------------


def test_every_audit_action_in_the_source_is_listed() -> None:
    found = [use for module, tree in _modules() for use in _audit_actions(module, tree)]
    assert len(found) > 30
    unknown = [use for use in found if use.name not in actions.ACTIONS]
    assert not unknown, unknown
    # every listed action is written somewhere (or the list holds a dead name)
    assert {use.name for use in found} == actions.ACTIONS


def test_every_handoff_literal_in_the_source_is_listed() -> None:
    found = [use for module, tree in _modules() for use in _handoff_literals(module, tree)]
    assert found
    for use in found:
        listed = policy.QUEUES if use.kind == "queue" else policy.HANDOFF_REASONS
        assert use.name in listed, use


def test_every_case_type_in_the_source_is_listed() -> None:
    found = [use for module, tree in _modules() for use in _case_types(module, tree)]
    assert len(found) > 10
    unknown = [use for use in found if use.name not in policy.CASE_TYPES]
    assert not unknown, unknown


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ('record(ctx, "plan.pausd", "plan", "O1", customer_id=None)', {"plan.pausd"}),
        ('audit.columns(actor, now, "fee.waived" if w else "fee.forgiven", "fee", "F1")', None),
        (
            'def _settle(ctx, m, status):\n    record(ctx, f"notification.{status}", "m", m.id)\n'
            'def mark_lost(ctx, m):\n    return _settle(ctx, m, "lost")\n',
            {"notification.lost"},
        ),
        ('record(ctx, some_action(), "plan", "O1")', {"?"}),
    ],
)
def test_the_scan_catches_unknown_action_names(source: str, names: set[str] | None) -> None:
    got = {use.name for use in _audit_actions("example", ast.parse(source))}
    if names is None:
        assert got == {"fee.waived", "fee.forgiven"}
    else:
        assert got == names
    assert not got <= actions.ACTIONS


# -- the scanner ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """A name the source writes: where, and the literal ("?" when it cannot be worked out)."""

    module: str
    line: int
    kind: str
    name: str


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        if path == AUDIT_API:
            continue
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        yield module.removesuffix(".__init__"), ast.parse(path.read_text(encoding="utf-8"))


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _functions(tree: ast.Module) -> dict[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef]:
    """Return the innermost function around every node."""
    around: dict[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                around[node] = fn  # inner functions are walked later and win
    return around


def _values(
    expr: ast.expr,
    tree: ast.Module,
    around: Mapping[ast.AST, ast.FunctionDef | ast.AsyncFunctionDef],
    depth: int = 0,
) -> set[str]:
    """Return the strings `expr` can be: literals, both arms of a conditional, f-strings and the
    parameters of a function of the same module, followed to its callers' literal arguments;
    "?" for anything else."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return _values(expr.body, tree, around, depth) | _values(expr.orelse, tree, around, depth)
    if isinstance(expr, ast.JoinedStr):
        parts = [
            _values(v.value if isinstance(v, ast.FormattedValue) else v, tree, around, depth)
            for v in expr.values
        ]
        return {"".join(p) for p in itertools.product(*parts)}
    fn = around.get(expr)
    if isinstance(expr, ast.Name) and fn is not None and depth < 5:
        params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
        if expr.id in params:
            position = params.index(expr.id)
            got: set[str] = set()
            for call in ast.walk(tree):
                if isinstance(call, ast.Call) and _called(call) == fn.name:
                    arg = _argument(call, position, expr.id)
                    got |= {"?"} if arg is None else _values(arg, tree, around, depth + 1)
            return got or {"?"}
    return {"?"}


def _audit_actions(module: str, tree: ast.Module) -> Iterator[Use]:
    around = _functions(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) in AUDIT_CALLS:
            called = _called(node)
            assert called is not None
            arg = _argument(node, AUDIT_CALLS[called], "action")
            if arg is None:  # a call of another `record` (no action argument)
                continue
            for name in _values(arg, tree, around):
                yield Use(module, node.lineno, "action", name)
        if isinstance(node, ast.Dict):  # rows inserted into the audit table directly
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "action":
                    for const in ast.walk(value):
                        if isinstance(const, ast.Constant) and isinstance(const.value, str):
                            yield Use(module, node.lineno, "action", const.value)


def _handoff_literals(module: str, tree: ast.Module) -> Iterator[Use]:
    """Reasons and queues the source writes: handoff dicts (with both keys), `hand_over` calls,
    the reason of a person offered (`human_offered`)."""
    around = _functions(tree)
    for node in ast.walk(tree):
        pairs: list[tuple[str, ast.expr]] = []
        if isinstance(node, ast.Dict):
            keys = {
                k.value: v
                for k, v in zip(node.keys, node.values, strict=True)
                if k is not None and isinstance(k, ast.Constant)
            }
            if "reason" in keys and "queue" in keys:
                pairs = [("reason", keys["reason"]), ("queue", keys["queue"])]
        elif isinstance(node, ast.Call) and _called(node) == "hand_over":
            pairs = [
                (kind, arg)
                for kind, position in (("reason", 1), ("queue", 2))
                if (arg := _argument(node, position, kind)) is not None
            ]
        elif isinstance(node, ast.Assign):
            pairs = [
                ("reason", node.value)
                for t in node.targets
                if isinstance(t, ast.Attribute) and t.attr == "human_offered"
            ]
        for kind, value in pairs:
            for name in _values(value, tree, around) - {"?"}:  # a variable: named elsewhere
                yield Use(module, value.lineno, kind, name)


def _case_types(module: str, tree: ast.Module) -> Iterator[Use]:
    around = _functions(tree)
    for node in ast.walk(tree):
        called = _called(node) if isinstance(node, ast.Call) else None
        if isinstance(node, ast.Call) and called in CASE_CALLS:
            arg = _argument(node, CASE_CALLS[called], "case_type")
            fn = around.get(node)
            if arg is None or (
                isinstance(arg, ast.Name) and fn is not None and fn.name in CASE_CALLS
            ):
                continue  # the definition passing its own parameter on: its callers are checked
            for name in _values(arg, tree, around):
                yield Use(module, node.lineno, "case_type", name)
        if module == "ridgeline.analytics.history" and isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "type":
                    for name in _values(value, tree, around):
                        yield Use(module, node.lineno, "case_type", name)


def _keyed(data: Any) -> Iterator[tuple[str, Any]]:
    """Yield every (key, value) of the nested mappings in `data`."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key), value
            yield from _keyed(value)
    elif isinstance(data, list):
        for item in data:
            yield from _keyed(item)


def _behaviours(scenario: Scenario) -> Iterator[tuple[str, Any]]:
    yield "default", scenario.assistant.default
    yield from scenario.assistant.intents.items()
