"""The weak-signal phrase layer: mild or indirect signs of financial difficulty or vulnerability.

The explicit safety layer (`safety.py`) hands a customer to trained people at once on strong
signs: a lost job, a bereavement, power of attorney. Many customers only hint: "money's a bit
tight this month", "c'est compliqué en ce moment", "es läuft gerade nicht so gut". Ignoring the
hint misses someone who needs help; handing over on a hint is heavy-handed. So these phrases,
listed in `data/weak_signals.yaml`, make the assistant ask one gentle question instead ("It sounds
like paying may be difficult right now. Would you like to talk to our financial support team?").
When both layers fire, the strong one wins.
"""

from __future__ import annotations

import re
from functools import cache

from ridgeline.understanding.catalogue import weak_signal_file
from ridgeline.understanding.safety import SafetyMatch, first_matches


@cache
def _compiled() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    rules = []
    for rule in weak_signal_file().rules:
        for language, patterns in rule.patterns.items():
            for pattern in patterns:
                rules.append((rule.intent, language, re.compile(pattern, re.IGNORECASE)))
    return tuple(rules)


def weak_matches(text: str) -> tuple[SafetyMatch, ...]:
    """Return the weak signs in `text`, one per intent, in file order.

    All six languages are tried whatever the detected language, as in the strong layer:
    customers mix languages and a wrong guess must not hide a sign.
    """
    return first_matches(text, _compiled())
