"""The assistant's tools on the records, by subject, in one table (`TOOLS`, `SPECS`).

Each tool acts for one customer, checks that every record it touches is that customer's, and
returns facts (typed: Money, dates, words) for the reply. Writes go through the domain services,
which enforce the rules and write the audit log. A writing tool runs only after the customer
confirmed the exact change, except the few the policy wants done at once (`immediate`): opening
a complaint, a financial-difficulty or a privacy case, and reporting phishing.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ridgeline.assistant.ports import ToolSpec
from ridgeline.records.tools import account, cases, payments, plans, returns
from ridgeline.records.tools.registry import TOOLS, Tool

SUBJECTS = (plans, payments, returns, account, cases)
SPECS: Mapping[str, ToolSpec] = MappingProxyType({name: t.spec for name, t in TOOLS.items()})

__all__ = ["SPECS", "SUBJECTS", "TOOLS", "Tool"]
