"""The desk's shipped macros: six languages with English's keys, only known placeholders, the
same placeholders in every language, and no figure of their own (figures come from records)."""

from __future__ import annotations

import re

import pytest

from ridgeline.assistant.replies import LANGUAGES
from ridgeline.desk.macros import PLACEHOLDERS, builtins, check_text, placeholders_of
from ridgeline.kit.errors import InvalidInputError


def test_every_shipped_macro_has_six_languages_with_the_same_known_placeholders() -> None:
    assert builtins()
    for macro in builtins():
        assert sorted(macro.texts) == sorted(LANGUAGES)
        english = set(placeholders_of(macro.texts["en"]))
        assert english <= set(PLACEHOLDERS)
        for language, text in macro.texts.items():
            check_text(text)
            assert set(placeholders_of(text)) == english, (macro.id, language)
            assert not re.search(r"\d", text), (macro.id, language)


@pytest.mark.parametrize(
    ("text", "named"),
    [("You owe {balance}", "{balance}"), ("Hi {name", "brace"), ("{0}", "{0}"), ("{x!r}", "{x}")],
)
def test_a_text_with_an_unknown_or_broken_placeholder_is_refused_by_name(
    text: str, named: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_text(text)
    assert named in refused.value.message
