"""The layer check (`tools/check_layers.py`): the house as it is passes, and an import that
a package's allow list does not name, or an allowance up the house, fails."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CHECK = Path(__file__).resolve().parent.parent / "tools" / "check_layers.py"


@pytest.fixture
def layers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_layers", CHECK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_layers"] = module
    spec.loader.exec_module(module)
    return module


def test_the_house_follows_its_rules(layers: ModuleType) -> None:
    assert layers.rule_problems() == []
    assert layers.violations() == []


def test_an_import_missing_from_the_allow_list_fails(
    layers: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    allowed = dict(layers.ALLOWED)
    allowed["desk"] = allowed["desk"] - {"conversations"}
    monkeypatch.setattr(layers, "ALLOWED", allowed)
    found = layers.violations()
    assert found
    assert all("desk may not import ridgeline.conversations" in line for line in found)


def test_an_allowance_up_the_house_fails(
    layers: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    allowed = dict(layers.ALLOWED)
    allowed["lending"] = allowed["lending"] | {"records"}
    monkeypatch.setattr(layers, "ALLOWED", allowed)
    assert layers.rule_problems() == ["lending: allows records, which is not below it"]
