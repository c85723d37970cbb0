"""The human floor: agents on shifts serving queues first come, first served.

This is the only event-driven part of the simulator; everything else is drawn in whole arrays.
Each agent offers `concurrency` chat slots. A slot is free from the moment its last chat ended, if
that moment falls inside its shift; otherwise from its next shift start (an agent finishes the
chat in hand after the shift ends but starts no new one). Each group of agents with the same
skills keeps a heap of its slots keyed by the time they are next free.

Routing policy (exact, not an approximation): contacts are taken in the order they join the
queues; each goes to the slot, among the groups skilled for its queue, that is free first; it
starts at max(joined, free). A contact whose wait would exceed its patience abandons at the moment
its patience runs out and takes no slot, which is what first-come-first-served with reneging does,
because a contact's start depends only on the contacts ahead of it. This makes one pass over the
contacts in join order reproduce the event-by-event system exactly.

Shrinkage is applied to the roster: a shift of `agents` people puts round(agents x scale x
(1 - shrinkage)) of them on the floor (breaks, training, absence take the rest).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ridgeline.simulation.scenario import People

DAY = 86400.0


@dataclass(frozen=True)
class ShiftWindow:
    """When one block of slots is open: start within the day, length, weekdays (0 = Monday)."""

    start_s: float
    length_s: float
    weekdays: frozenset[int]
    agents_on_floor: int
    concurrency: int

    @property
    def always_open(self) -> bool:
        """Return whether the window covers every second of every day."""
        return self.length_s >= DAY and len(self.weekdays) == 7


def on_floor(agents: int, scale: float, shrinkage: float) -> int:
    """Return the agents actually taking contacts out of a rostered shift."""
    return round(agents * scale * (1.0 - shrinkage))


def next_open(x: float, w: ShiftWindow, first_weekday: int) -> float:
    """Return the first moment >= x (seconds from the start) when window `w` is open."""
    if w.always_open:
        return x
    day = math.floor(x / DAY)
    for k in range(-1, 9):
        d = day + k
        if (first_weekday + d) % 7 in w.weekdays:
            s = d * DAY + w.start_s
            if x < s + w.length_s:
                return s if s > x else x
    return math.inf


class Floor:
    """The agents of a scenario and the state of their slots, carried from day to day."""

    def __init__(self, people: People, queue_names: list[str], first_weekday: int) -> None:
        """Put the scenario's groups on the floor, every slot free from its first shift start."""
        self.first_weekday = first_weekday
        self.windows: list[ShiftWindow] = []
        self.slot_window: list[int] = []
        self.heaps: list[list[tuple[float, int]]] = []
        for group in people.groups:
            heap: list[tuple[float, int]] = []
            for shift in group.shifts:
                w = ShiftWindow(
                    start_s=shift.start_hour * 3600.0,
                    length_s=shift.hours * 3600.0,
                    weekdays=frozenset(shift.days),
                    agents_on_floor=on_floor(shift.agents, people.staffing_scale, people.shrinkage),
                    concurrency=group.concurrency,
                )
                self.windows.append(w)
                for _ in range(w.agents_on_floor * w.concurrency):
                    slot = len(self.slot_window)
                    self.slot_window.append(len(self.windows) - 1)
                    heap.append((next_open(0.0, w, first_weekday), slot))
            heapq.heapify(heap)
            self.heaps.append(heap)
        self.groups_for_queue: list[list[int]] = [
            [g for g, group in enumerate(people.groups) if q in group.skills] for q in queue_names
        ]

    def serve(
        self,
        joined: npt.NDArray[np.float64],
        queue: npt.NDArray[np.int16],
        handle: npt.NDArray[np.float64],
        patience: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.float64]:
        """Serve contacts in join order; return each one's answer time (NaN when it abandoned).

        `joined` must be sorted and later than every contact served before.
        """
        answered = np.full(len(joined), np.nan)
        heaps = self.heaps
        windows = [self.windows[w] for w in self.slot_window]
        routes = self.groups_for_queue
        first = self.first_weekday
        replace = heapq.heapreplace
        inf = math.inf
        out = answered  # bound locally: the loop below is the simulator's hot path
        for i, (t, q, h, p) in enumerate(
            zip(joined.tolist(), queue.tolist(), handle.tolist(), patience.tolist(), strict=True)
        ):
            best_t = inf
            best_g = -1
            for g in routes[q]:
                heap = heaps[g]
                while heap:
                    free, slot = heap[0]
                    x = free if free > t else t
                    w = windows[slot]
                    if w.always_open:
                        break
                    opened = next_open(x, w, first)
                    if opened == x:
                        break
                    replace(heap, (opened, slot))
                else:
                    continue
                if x < best_t:
                    best_t = x
                    best_g = g
            if best_g < 0 or best_t - t > p:
                continue
            out[i] = best_t
            heap = heaps[best_g]
            replace(heap, (best_t + h, heap[0][1]))
        return answered

    def slots_by_hour(self, hours: int) -> npt.NDArray[np.float64]:
        """Return the mean number of open slots in each hour of the horizon."""
        open_s = np.zeros(hours)
        edges = np.arange(hours + 1) * 3600.0
        for w in self.windows:
            slots = w.agents_on_floor * w.concurrency
            if slots == 0:
                continue
            for d in range(-1, hours // 24 + 1):
                if (self.first_weekday + d) % 7 not in w.weekdays:
                    continue
                s = d * DAY + w.start_s
                e = s + w.length_s
                overlap = np.clip(np.minimum(edges[1:], e) - np.maximum(edges[:-1], s), 0, None)
                open_s += overlap * slots
        return open_s / 3600.0

    def agent_hours(self, days: int) -> float:
        """Return the agent hours on the floor (productive hours) over `days` days."""
        total = 0.0
        for w in self.windows:
            worked = sum(1 for d in range(days) if (self.first_weekday + d) % 7 in w.weekdays)
            total += worked * w.agents_on_floor * w.length_s / 3600.0
        return total
