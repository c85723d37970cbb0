"""How often a customer may write to the assistant: a token bucket per customer.

A customer's token sits in a web page (the chat page, the embedded snippet), so whoever holds
it could keep the assistant working without pause. Each customer may send `burst` messages at
once, then `per_minute` a minute; beyond that the chat routes answer 429 with `Retry-After` and
change nothing. Staff and the lender's own systems (staff and admin tokens) are not limited.
Buckets live in each server process, so with N processes a customer may send up to N times as
much: a bound on abuse, not an exact quota.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Buckets kept before the full ones (customers quiet for a while) are forgotten.
KEEP = 10_000


@dataclass
class _Bucket:
    level: float
    at: float


class Buckets:
    """Token buckets by key: `burst` tokens at most, refilled at `per_minute` a minute."""

    def __init__(
        self, per_minute: float, burst: int, now: Callable[[], float] = time.monotonic
    ) -> None:
        """Start with no buckets; refuse a rate that is not positive or a burst below one."""
        if per_minute <= 0 or burst < 1:
            raise ValueError("a limit needs a positive rate and a burst of at least one")
        self.rate = per_minute / 60.0
        self.burst = burst
        self._now = now
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take one token of `key`'s bucket; return 0.0, or the seconds until there is one.

        When the bucket is empty nothing is taken.
        """
        with self._lock:
            now = self._now()
            bucket = self._buckets.get(key)
            level = (
                float(self.burst)
                if bucket is None
                else min(self.burst, bucket.level + (now - bucket.at) * self.rate)
            )
            if level < 1.0:
                self._buckets[key] = _Bucket(level, now)
                return (1.0 - level) / self.rate
            self._buckets[key] = _Bucket(level - 1.0, now)
            if len(self._buckets) > KEEP:
                self._forget_full(now)
            return 0.0

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled: a new one starts full anyway."""
        self._buckets = {
            key: b
            for key, b in self._buckets.items()
            if b.level + (now - b.at) * self.rate < self.burst
        }
