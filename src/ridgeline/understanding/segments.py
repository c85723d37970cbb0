"""Split a message into its requests, so two requests in one message yield two intents.

Customers chain requests with sentence breaks ("When is my next payment? Also I want to change my
email"), conjunctions ("I lost my card and I want to talk to a person") or commas ("push the
payment back, turn off autopay"), but not one before a relative or subordinate clause ("die Rate,
die übermorgen fällig ist"). The intent model
scores each part as well as the whole message; a part counts only if it is long enough to be a
request on its own, so "Hi," or "and" never become requests.
"""

from __future__ import annotations

import re

#: A part needs at least this many words to be scored as a request of its own.
MIN_WORDS = 3

_SENTENCE = re.compile(r"(?<=[.?!;¿¡])\s+|\n+")
# Conjunctions that join two requests, per language; a comma before them is optional.
_JOINERS = re.compile(
    r"(,\s+(?!\b(?:and|et|und|och|y|e|die|der|das|den|dem|deren|dessen|welche[rsnm]?|dass|weil|"
    r"wenn|ob|which|that|who|whom|whose|because|if|when|since|que|qui|dont|où|parce|quand|si|"
    r"som|att|eftersom|när|om|che|cui|quale|quali|perché|se|quando|donde|cuando|cuyo|porque)\b)|"
    r",?\s+\b(?:and also|and then|and|also|plus|as well as|et aussi|et puis|et|aussi|"
    r"und außerdem|außerdem|und|sowie|och även|och så|och|även|samt|y también|y además|además|"
    r"y|e anche|inoltre|e poi|e)\b\s+)",
    re.IGNORECASE,
)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def split_requests(text: str) -> list[str]:
    """Return the parts of `text` that may each be a request (the whole text when it is one)."""
    parts: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        # The split keeps the joiners (odd positions) so that merged pieces read as written.
        pieces = _JOINERS.split(sentence)
        merged: list[str] = [pieces[0]]
        for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            if _words(piece) < MIN_WORDS or _words(merged[-1]) < MIN_WORDS:
                merged[-1] = f"{merged[-1]}{joiner}{piece}"
            else:
                merged.append(piece)
        merged = [m.strip(" ,") for m in merged]
        parts.extend(p for p in merged if _words(p) >= MIN_WORDS)
    return parts or [text]


def joiners_removed(text: str) -> str:
    """Return `text` without its joining words ("and", "also", "und", "och", ...)."""
    return _JOINERS.sub(" ", f" {text} ")
