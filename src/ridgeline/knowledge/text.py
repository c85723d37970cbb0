"""Article text: Markdown made plain, passages, sentences, and the words the lexical index counts.

An article's body is Markdown written by the lender. Nothing of it reaches a page as markup: the
search and the assistant work on plain text (`plain_text`), in which links keep only their
words and HTML tags are dropped. An article is split into passages at its headings and
paragraphs, of about 80 to 120 words each (`split_passages`); the assistant quotes at most about
80 words of one, cut at sentence boundaries (`best_window`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

#: Passages aim at this many words; a paragraph longer than the maximum is cut at sentences.
PASSAGE_MIN_WORDS = 40
PASSAGE_MAX_WORDS = 120
#: The assistant quotes at most this many words of a passage.
ANSWER_WORDS = 80

_HTML_TAG = re.compile(r"<[^>\n]{0,500}>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_CODE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`+([^`]*)`+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s*>\s?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}
# A sentence ends at . ! ? … followed by space and a capital letter, an opening quote or an
# inverted mark; "z. B. der", "Art. 15" and "e.g. A" do not end one.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<![\s(.]\w\.)[\"»”)]?\s+(?=[\"«“(¿¡]?[A-ZÀ-ÖØ-ÞÅÄÖ])"  # not after "z." or "g."
)
_WORD = re.compile(r"\w+", re.UNICODE)


def inline_plain(text: str) -> str:
    """Return one line of Markdown as plain text: link words kept, markup and tags dropped."""
    text = _IMAGE.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis
        text = _EMPHASIS.sub(r"\2", text)
    text = _ENTITY.sub(lambda m: _ENTITIES.get(m.group(0), " "), text)
    text = text.replace("<", "").replace(">", "")  # what is left of a broken tag
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of an article, as plain text."""

    heading: bool
    text: str


def blocks(markdown: str) -> list[Block]:
    """Return the headings and paragraphs of a Markdown body, in order, as plain text."""
    markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    markdown = _HTML_CODE.sub("", _HTML_COMMENT.sub("", markdown))
    markdown = _LINK_DEFINITION.sub("", markdown)
    found: list[Block] = []
    paragraph: list[str] = []
    in_fence = False

    def close() -> None:
        text = inline_plain(" ".join(paragraph))
        if text:
            found.append(Block(False, text))
        paragraph.clear()

    for line in markdown.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            paragraph.append(line)
            continue
        heading = _HEADING.match(line)
        if heading:
            close()
            text = inline_plain(heading.group(2))
            if text:
                found.append(Block(True, text))
            continue
        if not line.strip() or _RULE.match(line) or _TABLE_RULE.match(line):
            close()
            continue
        line = _QUOTE_MARK.sub("", line)
        if _LIST_MARK.match(line):
            line = _LIST_MARK.sub("", line)
            if paragraph and not paragraph[-1].rstrip().endswith((".", "!", "?", ":", ";")):
                paragraph[-1] = paragraph[-1].rstrip() + ";"
        paragraph.append(line.replace("|", " "))
    close()
    return found


def plain_text(markdown: str) -> str:
    """Return a Markdown body as plain text, one paragraph per line."""
    return "\n".join(block.text for block in blocks(markdown))


def sentences(text: str) -> list[str]:
    """Split plain text into sentences."""
    found: list[str] = []
    for line in text.split("\n"):
        found.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return found


def word_count(text: str) -> int:
    """Return the number of words of `text` (as a reader counts them)."""
    return len(text.split())


@dataclass(frozen=True)
class PassageText:
    """A piece of an article: the heading it sits under (or None) and its plain text."""

    heading: str | None
    text: str


def _pieces(paragraph: str) -> list[str]:
    """Cut a paragraph longer than the maximum into runs of whole sentences (or of words)."""
    if word_count(paragraph) <= PASSAGE_MAX_WORDS:
        return [paragraph]
    pieces: list[str] = []
    current: list[str] = []
    runs: list[str] = []
    for sentence in sentences(paragraph):  # a "sentence" over the maximum is cut at words
        words = sentence.split()
        runs.extend(
            " ".join(words[i : i + PASSAGE_MAX_WORDS])
            for i in range(0, len(words), PASSAGE_MAX_WORDS)
        )
    for sentence in runs:
        if current and word_count(" ".join([*current, sentence])) > PASSAGE_MAX_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def split_passages(markdown: str) -> list[PassageText]:
    """Split a Markdown body into passages of about 80-120 words, at headings and paragraphs.

    Each heading starts a new passage; paragraphs under one heading are joined while they stay
    within the maximum, and a paragraph over it is cut at sentence boundaries. A passage
    shorter than the minimum joins the next one under the same heading (or the one before).
    """
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for block in blocks(markdown):
        if block.heading:
            sections.append((block.text, []))
        else:
            sections[-1][1].extend(_pieces(block.text))
    passages: list[PassageText] = []
    for heading, paragraphs in sections:
        if not paragraphs:
            continue
        runs: list[str] = []
        for paragraph in paragraphs:
            joined = f"{runs[-1]} {paragraph}" if runs else paragraph
            if runs and (
                word_count(runs[-1]) < PASSAGE_MIN_WORDS or word_count(joined) <= PASSAGE_MAX_WORDS
            ):
                runs[-1] = joined
            else:
                runs.append(paragraph)
        if len(runs) > 1 and word_count(runs[-1]) < PASSAGE_MIN_WORDS:
            runs[-2] = f"{runs[-2]} {runs.pop()}"
        passages.extend(PassageText(heading, run) for run in runs)
    return passages


def best_window(text: str, terms: set[str], language: str, max_words: int = ANSWER_WORDS) -> str:
    """Return the run of whole sentences of `text` that holds the most of the query's terms.

    At most `max_words` long; the earliest such run on a tie.

    A first sentence longer than the limit is cut at a word and ends with an ellipsis.
    """
    parts = sentences(text)
    if not parts:
        return ""
    if word_count(text) <= max_words:
        return " ".join(parts)
    hits = [len(terms & set(tokens(part, language))) for part in parts]
    sizes = [word_count(part) for part in parts]
    best: tuple[int, int, int] = (-1, 0, 0)  # (hits, start, end)
    for start in range(len(parts)):
        total = words = 0
        end = start
        while end < len(parts) and words + sizes[end] <= max_words:
            words += sizes[end]
            total += hits[end]
            end += 1
        if end > start and total > best[0]:
            best = (total, start, end)
    if best[0] < 0:  # not even one sentence fits
        first = parts[0].split()
        return " ".join(first[:max_words]).rstrip(",;:") + " …"
    return " ".join(parts[best[1] : best[2]])


# -- words for the lexical index -------------------------------------------------------------


@cache
def _stopword_lists() -> dict[str, list[str]]:
    text = resources.files("ridgeline.knowledge").joinpath("data", "stopwords.yaml").read_text()
    lists: dict[str, list[str]] = yaml.safe_load(text)
    return lists


@cache
def stopwords(language: str) -> frozenset[str]:
    """Return the stop words of `language`, folded like the tokens (`data/stopwords.yaml`)."""
    return frozenset(_fold(word) for word in _stopword_lists().get(language, []))


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


#: Words are cut to this many letters: a crude stemmer that works alike in the six languages
#: (not tuned; German and Swedish compounds share their first word's letters too).
STEM_LETTERS = 6


#: The term of every word seen, per language ("" for a stop word): words repeat, folding is slow.
_TERMS: dict[str, dict[str, str]] = {}
_TERMS_LIMIT = 500_000


def _term(word: str, language: str) -> str:
    folded = _fold(word)
    if folded in stopwords(language) or (len(folded) < 2 and not folded.isdigit()):
        return ""
    return folded[:STEM_LETTERS]


def tokens(text: str, language: str) -> list[str]:
    """Return the index terms of `text`.

    Folded (lower case, no accents), stop words dropped, cut to `STEM_LETTERS` letters.
    """
    table = _TERMS.get(language)
    if table is None or len(table) > _TERMS_LIMIT:
        table = _TERMS[language] = {}
    found: list[str] = []
    for word in _WORD.findall(text):
        term = table.get(word)
        if term is None:
            term = table[word] = _term(word, language)
        if term:
            found.append(term)
    return found
