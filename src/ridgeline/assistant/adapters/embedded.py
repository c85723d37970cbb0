"""Read customer messages with the embedded model, on the CPU, behind the understanding port.

The understanding port over the embedded model (`ridgeline.understanding`): CPU only, no
hosted language model. A hosted model would be another adapter producing the same `Reading`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ridgeline.assistant.ports import OrderChoice, Reading
from ridgeline.understanding.api import Understander, default_understander
from ridgeline.understanding.entities import OrderRef


class EmbeddedUnderstanding:
    """Read messages with the process-wide embedded understander."""

    def __init__(self, understander: Understander | None = None) -> None:
        self.understander = understander or default_understander()

    def read(
        self,
        text: str,
        *,
        today: date,
        orders: Sequence[OrderChoice],
        language_hint: str | None,
    ) -> Reading:
        """Understand `text` and translate the result into the engine's reading."""
        refs = [OrderRef(o.order_id, o.merchant, o.items, o.total, o.currency) for o in orders]
        u = self.understander.understand(
            text, today=today, orders=refs, language_hint=language_hint
        )
        e = u.entities
        return Reading(
            language=u.language,
            intents=tuple((i.name, i.confidence) for i in u.intents),
            out_of_scope=u.out_of_scope,
            order_ids=tuple(e.order_ids),
            amounts=tuple(a.amount for a in e.amounts),
            dates=tuple(e.dates),
            card_last4=tuple(e.card_last4),
            emails=tuple(e.emails),
            phones=tuple(e.phones),
            safety=tuple(sorted({m.intent for m in u.safety})),
            model="embedded",
            requests=u.requests,
            in_domain=u.in_domain,
            no_words=u.no_words,
            weak_safety=tuple(sorted({m.intent for m in u.weak})),
        )
