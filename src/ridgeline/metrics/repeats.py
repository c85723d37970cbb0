"""Repeat contacts found from the records: the earlier contact a new one comes back about.

The simulator knows why a customer came back and records it (`repeat_of`). Production records do
not: there, a contact repeats an earlier one when the same customer wrote about the same intent
within the seven days before. This is the mirror image of durable resolution (a resolution is not
durable when such a repeat follows it), so the two figures agree on what "the same issue" means.
"""

from __future__ import annotations

import numpy as np

from ridgeline.metrics.definitions import SEVEN_DAYS_S
from ridgeline.metrics.table import ContactTable, IntArray


def earlier_contacts(table: ContactTable, window_s: float = SEVEN_DAYS_S) -> IntArray:
    """Return, per contact, the `contact_id` of the contact it repeats, or -1 when there is none.

    The repeated contact is the latest earlier contact of the same customer on the same intent
    started at most `window_s` before it.
    """
    n = len(table)
    out = np.full(n, -1, dtype=np.int64)
    if n < 2:
        return out
    order = np.lexsort((table.started_at, table.intent.codes, table.customer_id))
    cust = table.customer_id[order]
    intent = table.intent.codes[order]
    t = table.started_at[order]
    same = (cust[1:] == cust[:-1]) & (intent[1:] == intent[:-1]) & (t[1:] - t[:-1] <= window_s)
    rows = order[1:][same]
    out[rows] = table.contact_id[order[:-1][same]]
    return out
