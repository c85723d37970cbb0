"""Read data files that hold one language each: `<folder>/<language>.yaml` inside a package.

Every sentence a customer or an agent reads, and every word list the understanding uses, lives
in such files beside the code that uses them: a flat mapping from a key to a text (with
`{placeholder}` names for facts) or to a list of words. English is the reference: every other
language has exactly its keys. The checks here refuse a malformed file when it is first read;
the tests add the checks that need the language (same placeholders, no figures, no duplicates).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import yaml


class LanguageFileError(ValueError):
    """A language file is missing, malformed, or does not have the reference language's keys."""


def read(package: str, folder: str, language: str) -> dict[str, object]:
    """Return the mapping of `<package>/<folder>/<language>.yaml`."""
    path = resources.files(package).joinpath(folder).joinpath(f"{language}.yaml")
    if not path.is_file():
        raise LanguageFileError(f"{package}/{folder}: no file for language {language!r}")
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not all(isinstance(key, str) for key in loaded):
        raise LanguageFileError(f"{package}/{folder}/{language}.yaml: not a mapping of names")
    return loaded


def _same_keys(where: str, tables: dict[str, dict[str, object]]) -> None:
    reference_language, reference = next(iter(tables.items()))
    for language, table in tables.items():
        missing, extra = set(reference) - set(table), set(table) - set(reference)
        if missing or extra:
            raise LanguageFileError(
                f"{where}/{language}.yaml: keys differ from {reference_language}.yaml "
                f"(missing {sorted(missing)}, extra {sorted(extra)})"
            )


def texts(package: str, folder: str, languages: Sequence[str]) -> dict[str, dict[str, str]]:
    """Return language -> key -> text, refusing non-text values and keys that differ.

    Keys are compared between languages with the first language as the reference.
    """
    tables = {language: read(package, folder, language) for language in languages}
    _same_keys(f"{package}/{folder}", tables)
    found: dict[str, dict[str, str]] = {}
    for language, table in tables.items():
        wrong = sorted(key for key, text in table.items() if not isinstance(text, str) or not text)
        if wrong:
            raise LanguageFileError(f"{package}/{folder}/{language}.yaml: not a text: {wrong}")
        found[language] = {key: str(text) for key, text in table.items()}
    return found


def word_lists(
    package: str, folder: str, languages: Sequence[str]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Return language -> key -> words, refusing empty lists, non-strings and keys that differ.

    A value that is not a string is refused because YAML reads a bare `no` or `off` as a boolean;
    keys must be the same in every language.
    """
    tables = {language: read(package, folder, language) for language in languages}
    _same_keys(f"{package}/{folder}", tables)
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for language, table in tables.items():
        lists: dict[str, tuple[str, ...]] = {}
        for key, words in table.items():
            if (
                not isinstance(words, list)
                or not words
                or not all(isinstance(word, str) and word for word in words)
            ):
                raise LanguageFileError(
                    f"{package}/{folder}/{language}.yaml: {key!r} is not a list of words"
                )
            lists[key] = tuple(str(word) for word in words)
        found[language] = lists
    return found
