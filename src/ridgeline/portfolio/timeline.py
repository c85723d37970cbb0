"""When things happened to an order: the dates that make its story true by `now`.

A story is told backwards from today. An order whose instalment failed a few days ago, went
overdue weeks ago or was paid late months ago is placed so that the instalment fell due that
many days back; a return, dispute or fraud report is dated first and the purchase before it;
a partial refund comes after the last collection, so no payment overtook it (the loader applies
a document's refunds to the instalments as listed); a full refund follows the return it settles.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from ridgeline.kit.clock import utc_midnight
from ridgeline.lending.schedule import add_months
from ridgeline.portfolio.history import (
    DISPUTE,
    FAILED,
    FRAUD,
    FULL_REFUND,
    LATE_PAID,
    OVERDUE,
    PARTIAL_REFUND,
    RETURN,
    OrderFacts,
    Story,
    last_collection,
)


def draw_story(rng: random.Random, kind: str, product: str, months: int) -> Story:
    """Return a story of `kind` with what it needs besides dates (which instalment, ...)."""
    story = Story(kind)
    if kind in (FAILED, OVERDUE, LATE_PAID):
        if product == "pay_in_4":
            story.seq = rng.randint(2, 4)
        elif product == "financing":
            story.seq = rng.randint(1, min(months, 4))
    if kind == LATE_PAID:
        story.waive = rng.random() < 0.3
    if kind == PARTIAL_REFUND:
        story.refund_share = rng.uniform(0.15, 1.2)
    return story


def placed_at(
    rng: random.Random, now: datetime, story: Story, product: str, months: int
) -> datetime:
    """Return when the order was placed so that its story has happened by `now`.

    The story's own moments (pause, days paid late) are set on the way.
    """
    today = now.date()
    kind = story.kind
    at_hour = timedelta(hours=rng.randint(7, 21), minutes=rng.randrange(60))
    if kind in (FAILED, OVERDUE, LATE_PAID):
        if kind == FAILED:
            ago = rng.randint(0, 9)
        elif kind == OVERDUE:
            ago = rng.randint(10, 59) if rng.random() < 0.7 else rng.randint(60, 150)
        else:
            ago = rng.randint(15, 300)
            story.paid_late_days = rng.randint(0, min(20, ago - 12))
        due = today - timedelta(days=ago)
        if product == "pay_in_4":
            purchase = due - timedelta(days=14 * (story.seq - 1))
        elif product == "pay_in_30":
            purchase = due - timedelta(days=30)
        else:
            purchase = add_months(due, -story.seq)
        return min(utc_midnight(purchase) + at_hour, now - timedelta(minutes=1))
    if kind in (RETURN, DISPUTE, FRAUD):
        recent = rng.randint(0, 10) if kind == FRAUD else rng.randint(1, 35)
        story.paused_at = now - timedelta(days=recent, seconds=rng.randrange(1, 86400))
        before = rng.randint(1, 25) if product != "financing" else rng.randint(1, 150)
        return story.paused_at - timedelta(days=before, seconds=rng.randrange(86400))
    if kind == PARTIAL_REFUND:
        ago = rng.randint(3, 50) if product != "financing" else rng.randint(3, 150)
        return now - timedelta(days=ago, seconds=rng.randrange(86400))
    if kind == FULL_REFUND:
        ago = rng.randint(6, 60) if product != "financing" else rng.randint(6, 120)
        placed = now - timedelta(days=ago, seconds=rng.randrange(86400))
        story.paused_at = placed + timedelta(days=rng.uniform(1, min(ago - 3, 25)))
        return placed
    if rng.random() < 0.45:
        ago = rng.randint(0, 60)
    else:
        ago = rng.randint(60, 540 if product != "financing" else months * 31 + 90)
    return min(utc_midnight(today - timedelta(days=ago)) + at_hour, now - timedelta(minutes=1))


def refund_moment(rng: random.Random, now: datetime, story: Story, facts: OrderFacts) -> None:
    """Set when the story's refund came.

    A partial refund comes after the last collection, so no payment overtook it; a full refund
    comes within two weeks of the return.
    """
    if story.kind == PARTIAL_REFUND:
        start = max(last_collection(facts, now), facts.placed_at + timedelta(days=1))
        if start >= now:
            start = facts.placed_at
        span = max(int((now - start).total_seconds()), 1)
        story.refund_at = start + timedelta(seconds=rng.randrange(span))
    elif story.kind == FULL_REFUND and story.paused_at is not None:
        span = max(int((now - story.paused_at).total_seconds()), 1)
        story.refund_at = story.paused_at + timedelta(seconds=rng.randrange(min(span, 14 * 86400)))
