"""Read short answers with small word lists in every language the assistant speaks.

The engine reads answers with small multilingual word lists: yes and no, which contact detail,
which dispute reason, autopay on or off, disagreeing with an outcome, and attempts to instruct
the assistant.

These are language data, not business rules, so they live in data files beside the reply
templates: `assistant/lexicon/<language>.yaml`, one file per language the assistant speaks, each
list under one key (`answer.yes`, `contact_field.email`, `dispute_reason.faulty`, ...; the
`injection` list holds regular expressions). Every language file has English's keys and no empty
list; a word that several languages share ("ja", "no", "telefon") is listed in each of them. The
engine matches against the union of all languages, because a customer may answer in another
language than the one detected. Matching is on casefolded text with word boundaries (the appeal
words anywhere in the message).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ridgeline.assistant.replies import LANGUAGES
from ridgeline.kit.language_files import LanguageFileError, word_lists


def normalise(text: str) -> str:
    """Return casefolded text with typographic apostrophes and spaces made plain."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


@cache
def by_language() -> dict[str, dict[str, tuple[str, ...]]]:
    """Return language -> key -> words, as the language files hold them (checked once)."""
    found = word_lists("ridgeline.assistant", "lexicon", LANGUAGES)
    for language, table in found.items():
        # A word that is not in the matched form could never match.
        odd = [
            w for key, ws in table.items() if key != "injection" for w in ws if normalise(w) != w
        ]
        if odd:
            raise LanguageFileError(f"lexicon/{language}.yaml: not casefolded and plain: {odd}")
        for pattern in table["injection"]:
            try:
                re.compile(pattern)
            except re.error as error:
                raise LanguageFileError(f"lexicon/{language}.yaml: {pattern!r}: {error}") from error
    return found


def words(key: str) -> tuple[str, ...]:
    """Return the words of `key` in every language, English first, each word once."""
    return tuple(dict.fromkeys(w for table in by_language().values() for w in table[key]))


def _grouped(prefix: str) -> dict[str, tuple[str, ...]]:
    # English's key order is the order of the groups (the first dispute reason that matches wins).
    keys = [key for key in by_language()["en"] if key.startswith(prefix)]
    return {key.removeprefix(prefix): words(key) for key in keys}


@dataclass(frozen=True)
class Lexicon:
    """The word lists of all languages together, as the matching reads them."""

    yes: tuple[str, ...]
    no: tuple[str, ...]
    courtesy: tuple[str, ...]
    contact_fields: dict[str, tuple[str, ...]]
    dispute_reasons: dict[str, tuple[str, ...]]
    unlock: tuple[str, ...]
    autopay_off: tuple[str, ...]
    autopay_on: tuple[str, ...]
    appeal: tuple[str, ...]
    injection: re.Pattern[str]
    bare: tuple[str, ...]  # yes, no and courtesy words, longest first


@cache
def lists() -> Lexicon:
    """Return the word lists of all languages (read once)."""
    yes, no, courtesy = words("answer.yes"), words("answer.no"), words("courtesy")
    return Lexicon(
        yes=yes,
        no=no,
        courtesy=courtesy,
        contact_fields=_grouped("contact_field."),
        dispute_reasons=_grouped("dispute_reason."),
        unlock=words("unlock"),
        autopay_off=words("autopay.off"),
        autopay_on=words("autopay.on"),
        appeal=words("appeal"),
        injection=re.compile("|".join(f"(?:{p})" for p in words("injection")), re.IGNORECASE),
        bare=tuple(sorted(yes + no + courtesy, key=len, reverse=True)),
    )


def _first(text: str, phrases: tuple[str, ...]) -> int | None:
    found = [
        m.start()
        for p in phrases
        if (m := re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)) is not None
    ]
    return min(found) if found else None


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return _first(text, phrases) is not None


def answer(text: str) -> str | None:
    """Return "yes" or "no" when the message opens by answering a yes/no question.

    Only the first clause counts, and whichever answer comes first in it wins ("Ja, aber nicht
    heute" is a yes with a condition a person may need to hear, not a no).
    """
    norm = normalise(text)
    head = re.split(r"[.!?;:]", norm, maxsplit=1)[0]
    yes, no = _first(head, lists().yes), _first(head, lists().no)
    if no is not None and (yes is None or no < yes):
        return None if head.startswith(("no problem", "no worries")) else "no"
    return "yes" if yes is not None else None


def _words_only(text: str) -> str:
    """Return `text` with everything but letters, digits, apostrophes and spaces made a space.

    The phrases are treated alike, so "allez-y" still matches.
    """
    return re.sub(r"[^\w' ]+", " ", text)


def bare_answer(text: str) -> str | None:
    """Return "yes" or "no" when the message is nothing but that answer.

    A message is nothing but the answer ("Yes please!", "nej tack") when every word belongs to
    an answer or a courtesy. Anything more needs understanding.
    """
    said = answer(text)
    if said is None:
        return None
    rest = _words_only(normalise(text))
    for phrase in lists().bare:
        rest = re.sub(rf"(?<!\w){re.escape(_words_only(phrase))}(?!\w)", " ", rest)
    return said if not rest.strip(" '") else None


def contact_field(text: str) -> str | None:
    """Return which contact detail the customer speaks of, if any."""
    norm = normalise(text)
    fields = lists().contact_fields
    for field_name in ("name", "email", "address", "phone"):
        if _has(norm, fields[field_name]):
            return field_name
    return None


def dispute_reason(text: str) -> str | None:
    """Return the dispute reason a message describes, if one is clear."""
    norm = normalise(text)
    for reason, phrases in lists().dispute_reasons.items():
        if _has(norm, phrases):
            return reason
    return None


def autopay_wish(text: str) -> bool | None:
    """Return True to turn autopay on, False for off, None when the message does not say."""
    norm = normalise(text)
    if _has(norm, lists().autopay_off):
        return False
    if _has(norm, lists().autopay_on):
        return True
    return None


def wants_unlock(text: str) -> bool:
    """Tell whether the customer asks to unlock rather than lock."""
    return _has(normalise(text), lists().unlock)


def disagrees(text: str) -> bool:
    """Tell whether the customer disagrees with an outcome (to appeal a dispute's result)."""
    norm = normalise(text)
    return any(word in norm for word in lists().appeal)


def looks_like_injection(text: str) -> bool:
    """Tell whether the message tries to instruct the assistant to drop its rules."""
    return bool(lists().injection.search(normalise(text)))


_CHOICE_NUMBER = re.compile(r"^\D{0,12}?\b([1-9])\b\D{0,12}$")


def choice_number(text: str) -> int | None:
    """Return the number a short answer picks ("2", "option 2", "#3"), if it is one."""
    found = _CHOICE_NUMBER.match(text.strip())
    return int(found.group(1)) if found else None


#: How alike an answer and a choice's words must be (rapidfuzz's 0-100 scale) to pick it.
LABEL_MATCH = 80


def best_label(text: str, choices: list[str], language: str) -> str | None:
    """Return the choice whose words the answer repeats (closely enough), if exactly one does."""
    from rapidfuzz import fuzz

    from ridgeline.assistant.replies import LANGUAGES, choice_label

    said = normalise(text)
    if not said.strip():
        return None
    lang = language if language in LANGUAGES else "en"
    scored = [
        (fuzz.token_set_ratio(said, normalise(choice_label(lang, intent))), intent)
        for intent in choices
    ]
    scored.sort(reverse=True)
    best, intent = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0
    return intent if best >= LABEL_MATCH and best > runner_up else None
