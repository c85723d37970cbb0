"""A strong safety phrase that only repeats words of a weak sign yields to it (one gentle
question, not a handover); a strong phrase that says more stays strong."""

from __future__ import annotations

from ridgeline.understanding.api import _stronger_than
from ridgeline.understanding.safety import SafetyMatch


def _m(intent: str, matched: str) -> SafetyMatch:
    return SafetyMatch(intent=intent, language="en", matched=matched)


def test_a_strong_match_inside_a_weak_one_yields() -> None:
    strong = (_m("financial_difficulty", "short of money"),)
    weak = (_m("financial_difficulty", "a bit short of money till payday"),)
    assert _stronger_than(strong, weak) == ()


def test_a_strong_match_that_says_more_stays() -> None:
    strong = (_m("financial_difficulty", "lost my job and can't pay"),)
    weak = (_m("financial_difficulty", "can't pay"),)
    assert _stronger_than(strong, weak) == strong


def test_a_weak_sign_of_another_intent_changes_nothing() -> None:
    strong = (_m("human_agent", "a real person"),)
    weak = (_m("vulnerability", "a real person is what I need in these hard times"),)
    assert _stronger_than(strong, weak) == strong
