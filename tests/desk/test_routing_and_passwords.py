"""Routing rules (priority, eligibility, least loaded) and password hashing, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ridgeline.desk.passwords import hash_password, verify_password
from ridgeline.desk.routing import Staff, pick_agent, priority_of, queue_key, refusal

T0 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def staff(
    sid: str,
    *,
    skills: tuple[str, ...] | None = ("general",),
    capacity: int = 2,
    availability: str = "online",
    last: datetime | None = None,
) -> Staff:
    """Return a desk worker."""
    return Staff(sid, "agent", sid, skills, capacity, availability, last)


def test_vulnerability_and_fraud_are_high_priority_and_sort_first() -> None:
    assert priority_of({"reason": "vulnerability", "queue": "financial_support"}) == "high"
    assert priority_of({"reason": "fraud", "queue": "fraud"}) == "high"
    assert priority_of({"reason": "customer_request", "queue": "general", "priority": "high"}) == (
        "high"
    )
    assert priority_of({"reason": "customer_request", "queue": "general"}) == "normal"
    waiting = [
        ({"reason": "customer_request", "queue": "general"}, T0),
        ({"reason": "fraud", "queue": "fraud"}, T0 + timedelta(minutes=9)),
        ({"reason": "complaint", "queue": "complaints"}, T0 - timedelta(minutes=1)),
    ]
    ordered = sorted(waiting, key=lambda w: queue_key(w[0], w[1]))
    assert [w[0]["reason"] for w in ordered] == ["fraud", "complaint", "customer_request"]


def test_refusal_names_the_rule_that_stops_an_agent() -> None:
    assert refusal(staff("a"), "general", 0) is None
    assert refusal(staff("a"), "fraud", 0) is not None
    assert refusal(staff("a", skills=None), "fraud", 0) is None
    assert refusal(staff("a"), "general", 2) == ("at_capacity", "a already holds 2 of 2 chats")
    refused = refusal(staff("a", availability="away"), "general", 0)
    assert refused is not None
    assert refused[0] == "agent_not_available"


def test_pick_agent_takes_the_least_loaded_then_the_longest_idle() -> None:
    team = [
        staff("busy"),
        staff("idle_long", last=T0 - timedelta(hours=2)),
        staff("idle_short", last=T0 - timedelta(minutes=1)),
        staff("fraud_only", skills=("fraud",)),
        staff("offline", availability="offline"),
    ]
    picked = pick_agent("general", team, {"busy": 1})
    assert picked is not None
    assert picked.id == "idle_long"
    picked = pick_agent("general", team, {"idle_long": 1, "idle_short": 1, "busy": 1})
    assert picked is not None
    assert picked.id == "busy"  # equal load: the one never assigned waited longest
    assert pick_agent("general", team, {"busy": 2, "idle_long": 2, "idle_short": 2}) is None


def test_passwords_are_salted_hashes_checked_in_constant_time() -> None:
    first = hash_password("correct horse battery")
    second = hash_password("correct horse battery")
    assert first != second  # a fresh salt each time
    assert "correct horse" not in first
    assert first.startswith("scrypt$")
    assert verify_password("correct horse battery", first)
    assert not verify_password("correct horse batterY", first)
    assert not verify_password("anything", "not-a-hash")
