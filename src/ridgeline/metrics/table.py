"""The contact table: one row per customer contact, stored column by column.

Every metric in the dictionary is computed from this one table, whether the rows come from the
simulator or, later, from production conversations. Storing columns as numpy arrays (rather than
a list of row objects) is what lets the headline figures over ten million contacts take well under
a second.

Layout, one array per column, all of the same length:

- identifiers: `contact_id`, `customer_id`, `order_id` (-1 when no order), `repeat_of` (the
  contact id this one repeats, -1 when it is a first contact), all int64;
- `started_at`: float64 UTC epoch seconds (timezone-free by construction: epoch seconds are UTC);
- categorical columns (`intent`, `language`, `market`, `queue`, `path`, `handoff_reason`) are
  :class:`Categorical`: small integer codes plus the tuple of level names; the empty string is the
  level for "none" (no queue, no handoff reason);
- outcomes, bool: `resolved`, `abandoned`, `complaint`, `complaint_upheld`, `person_acted`,
  `rule_required_handoff`;
- durations in seconds, float64: `time_to_resolution_s` (NaN when unresolved), `time_to_human_s`
  (NaN when no person answered), `human_handle_s` (0 when no person worked on it);
- `ai_cost`: int64, minor units of the table's `currency` (money is never a float);
- `csat`: float64 survey score 1..5, NaN when the customer did not answer the survey.

`path` is one of :data:`PATHS`: `assistant_only` (no person took part), `handed_over` (the
assistant handed the contact to a person) and `human_only` (the customer went straight to a person).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import numpy.typing as npt

PATHS: tuple[str, str, str] = ("assistant_only", "handed_over", "human_only")
ASSISTANT_ONLY, HANDED_OVER, HUMAN_ONLY = 0, 1, 2

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Categorical:
    """A column of labels kept as integer codes into a tuple of level names."""

    codes: CodeArray
    levels: tuple[str, ...]

    @classmethod
    def encode(cls, values: Iterable[str], levels: Sequence[str] = ()) -> Categorical:
        """Encode labels, keeping the given levels first (in order) and adding new ones sorted."""
        items = list(values)
        known = list(levels)
        extra = sorted(set(items) - set(known))
        all_levels = tuple(known + extra)
        index = {name: i for i, name in enumerate(all_levels)}
        codes = np.fromiter((index[v] for v in items), dtype=np.int16, count=len(items))
        return cls(codes, all_levels)

    def code(self, level: str) -> int:
        """Return the code of `level`, or -1 when the column never holds it."""
        try:
            return self.levels.index(level)
        except ValueError:
            return -1

    def labels(self) -> list[str]:
        """Return the labels row by row (slow; for tests and small exports)."""
        return [self.levels[c] for c in self.codes.tolist()]

    def take(self, rows: npt.NDArray[Any]) -> Categorical:
        """Return the rows selected by a boolean mask or an index array."""
        return Categorical(self.codes[rows], self.levels)

    def __len__(self) -> int:
        """Return the number of rows."""
        return len(self.codes)


@dataclass(frozen=True)
class ContactTable:
    """All contacts of a period, one numpy array per column (see the module docstring)."""

    contact_id: IntArray
    customer_id: IntArray
    order_id: IntArray
    started_at: FloatArray
    intent: Categorical
    language: Categorical
    market: Categorical
    queue: Categorical
    path: Categorical
    handoff_reason: Categorical
    resolved: BoolArray
    abandoned: BoolArray
    time_to_resolution_s: FloatArray
    time_to_human_s: FloatArray
    human_handle_s: FloatArray
    ai_cost: IntArray
    csat: FloatArray
    complaint: BoolArray
    complaint_upheld: BoolArray
    person_acted: BoolArray
    rule_required_handoff: BoolArray
    repeat_of: IntArray
    currency: str = "USD"

    def __post_init__(self) -> None:
        """Refuse columns of different lengths and a path column without the three paths first."""
        n = len(self.contact_id)
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "currency" and len(value) != n:
                raise ValueError(f"column {f.name} has {len(value)} rows, expected {n}")
        if tuple(self.path.levels[:3]) != PATHS:
            raise ValueError(f"path levels must start with {PATHS}")

    def __len__(self) -> int:
        """Return the number of contacts."""
        return len(self.contact_id)

    def take(self, rows: npt.NDArray[Any]) -> ContactTable:
        """Return the table restricted to a boolean mask or an index array."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "currency":
                continue
            value = getattr(self, f.name)
            changes[f.name] = value.take(rows) if isinstance(value, Categorical) else value[rows]
        return replace(self, **changes)

    def path_is(self, name: str) -> BoolArray:
        """Return the mask of rows on the named path."""
        return np.asarray(self.path.codes == PATHS.index(name))

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]], currency: str = "USD") -> ContactTable:
        """Build a table from row dictionaries (for tests and small imports).

        Missing keys take neutral defaults: no queue, no handoff, not resolved, no cost, no survey.
        """

        def col(name: str, default: Any) -> list[Any]:
            return [r.get(name, default) for r in rows]

        def floats(name: str, default: float) -> FloatArray:
            return np.array([np.nan if v is None else v for v in col(name, default)], np.float64)

        return cls(
            contact_id=np.array(
                [r.get("contact_id", i) for i, r in enumerate(rows)], dtype=np.int64
            ),
            customer_id=np.array(col("customer_id", 0), dtype=np.int64),
            order_id=np.array(col("order_id", -1), dtype=np.int64),
            started_at=floats("started_at", 0.0),
            intent=Categorical.encode(col("intent", "")),
            language=Categorical.encode(col("language", "en")),
            market=Categorical.encode(col("market", "")),
            queue=Categorical.encode(col("queue", ""), [""]),
            path=Categorical.encode(col("path", "assistant_only"), PATHS),
            handoff_reason=Categorical.encode(col("handoff_reason", ""), [""]),
            resolved=np.array(col("resolved", False), dtype=np.bool_),
            abandoned=np.array(col("abandoned", False), dtype=np.bool_),
            time_to_resolution_s=floats("time_to_resolution_s", np.nan),
            time_to_human_s=floats("time_to_human_s", np.nan),
            human_handle_s=floats("human_handle_s", 0.0),
            ai_cost=np.array(col("ai_cost", 0), dtype=np.int64),
            csat=floats("csat", np.nan),
            complaint=np.array(col("complaint", False), dtype=np.bool_),
            complaint_upheld=np.array(col("complaint_upheld", False), dtype=np.bool_),
            person_acted=np.array(col("person_acted", False), dtype=np.bool_),
            rule_required_handoff=np.array(col("rule_required_handoff", False), dtype=np.bool_),
            repeat_of=np.array(col("repeat_of", -1), dtype=np.int64),
            currency=currency,
        )

    def to_columns(self) -> dict[str, npt.NDArray[Any]]:
        """Return plain columns (categoricals as label arrays) for export to Arrow or CSV."""
        out: dict[str, npt.NDArray[Any]] = {}
        for f in fields(self):
            if f.name == "currency":
                continue
            value = getattr(self, f.name)
            if isinstance(value, Categorical):
                out[f.name] = np.asarray(value.levels, dtype=object)[value.codes]
            else:
                out[f.name] = value
        return out
