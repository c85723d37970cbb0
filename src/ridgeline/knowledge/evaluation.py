"""Measure the help centre's search on a question set of our own (`ridgeline eval knowledge`).

`eval/<language>.yaml` holds, per language, questions a customer asks that an article answers
(labelled with the article's id) and questions no article answers. They were written from the
list of article topics, not from the articles' text, before the search was tuned. Questions
alternate between a validation split (even positions) and a test split (odd positions): the
thresholds (`index.THRESHOLD`, `index.OTHER_LANGUAGE_THRESHOLD`) were picked on the validation
split alone; the search's weights were compared on the ranking of both.

Figures per language:
- top-1 / top-3: the labelled article (or one named in `also`, which states the answer as
  well) is the first / among the first three articles found in the customer's language (a
  ranking measure, whatever the score);
- answered right: the assistant's answer (`service.answer`, threshold and fallback included)
  is the labelled article;
- answerable refused: the assistant said it has no article although one answers;
- unanswerable refused: the assistant said it has no article, for a question none answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from ridgeline.knowledge import index as index_module
from ridgeline.knowledge import service


@dataclass(frozen=True)
class Question:
    """One question of the set, with the article that answers it (None: no article does)."""

    language: str
    market: str
    text: str
    article: str | None
    split: str  # "validation" or "test"
    also: tuple[str, ...] = ()  # other articles that state the answer as well

    def right(self, article: str | None) -> bool:
        """Tell whether `article` answers this question."""
        return article is not None and (article == self.article or article in self.also)


@dataclass(frozen=True)
class Verdict:
    """What the search made of one question."""

    question: Question
    ranked: tuple[str, ...]  # the articles found in the question's language, best first
    best: tuple[tuple[str, str, float], ...]  # per language of the chain: (language, id, score)

    def answered(
        self, threshold: float, other: float = index_module.OTHER_LANGUAGE_THRESHOLD
    ) -> str | None:
        """Return the article the assistant answers from (None: no article).

        `threshold` applies to articles in the question's language, `other` to the others.
        """
        for language, article, score in self.best:
            if score >= (threshold if language == self.question.language else other):
                return article
        return None


def _sets(folder: Path | Traversable) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found[str(data["language"])] = data
    return found


def question_set(folder: Path | None = None) -> list[Question]:
    """Return the questions of `folder` (default: the shipped `eval/`), validation and test."""
    source: Path | Traversable = folder or resources.files("ridgeline.knowledge").joinpath("eval")
    return questions_of(_sets(source))


def questions_of(sets: Mapping[str, Any]) -> list[Question]:
    """Return the questions of parsed sets: `{language: {market, questions, unanswerable}}`."""
    found: list[Question] = []
    for language, data in sets.items():
        market = str(data["market"])
        for i, item in enumerate(data.get("questions", [])):
            found.append(
                Question(
                    language,
                    str(item.get("market", market)),
                    str(item["text"]),
                    str(item["article"]),
                    "validation" if i % 2 == 0 else "test",
                    tuple(str(a) for a in item.get("also", ())),
                )
            )
        for i, text in enumerate(data.get("unanswerable", [])):
            split = "validation" if i % 2 == 0 else "test"
            found.append(Question(language, market, str(text), None, split))
    return found


def run(session: Session, questions: Sequence[Question]) -> list[Verdict]:
    """Search every question through the service, as the assistant and the desk do."""
    verdicts: list[Verdict] = []
    for q in questions:
        chain = service.chain(q.language, q.market)
        found = service.search(session, q.text, language=q.language, market=q.market, limit=10)
        ranked = tuple(a.article_id for a in found if a.language == q.language)
        best: list[tuple[str, str, float]] = []
        for language in chain:
            top = next((a for a in found if a.language == language), None)
            if top is not None:
                best.append((language, top.article_id, top.score))
        verdicts.append(Verdict(q, ranked, tuple(best)))
    return verdicts


@dataclass
class Figures:
    """Counts of one group of verdicts at one threshold."""

    answerable: int = 0
    top1: int = 0
    top3: int = 0
    answered_right: int = 0
    answerable_refused: int = 0
    unanswerable: int = 0
    unanswerable_refused: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, verdict: Verdict, threshold: float) -> None:
        """Count one verdict."""
        q = verdict.question
        answered = verdict.answered(threshold)
        if q.article is None:
            self.unanswerable += 1
            self.unanswerable_refused += answered is None
            if answered is not None:
                self.misses.append(f"[{q.language}] {q.text!r}: no article, answered {answered}")
            return
        self.answerable += 1
        self.top1 += bool(verdict.ranked) and q.right(verdict.ranked[0])
        self.top3 += any(q.right(a) for a in verdict.ranked[:3])
        self.answered_right += q.right(answered)
        self.answerable_refused += answered is None
        if not q.right(answered):
            top = verdict.ranked[0] if verdict.ranked else None
            self.misses.append(
                f"[{q.language}] {q.text!r}: {q.article}, found {top}, answered {answered}"
            )

    def rates(self) -> dict[str, float]:
        """Return the rates (0 to 1) of these counts."""

        def rate(n: int, d: int) -> float:
            return round(n / d, 3) if d else 0.0

        return {
            "top1": rate(self.top1, self.answerable),
            "top3": rate(self.top3, self.answerable),
            "answered_right": rate(self.answered_right, self.answerable),
            "answerable_refused": rate(self.answerable_refused, self.answerable),
            "unanswerable_refused": rate(self.unanswerable_refused, self.unanswerable),
            "questions": self.answerable + self.unanswerable,
        }


def figures(
    verdicts: Sequence[Verdict], threshold: float = index_module.THRESHOLD, split: str | None = None
) -> dict[str, Figures]:
    """Return the figures per language (and "all") at `threshold`, of one split or both."""
    groups: dict[str, Figures] = {}
    for verdict in verdicts:
        if split is not None and verdict.question.split != split:
            continue
        for name in (verdict.question.language, "all"):
            groups.setdefault(name, Figures()).add(verdict, threshold)
    return groups


def calibrate(verdicts: Sequence[Verdict], refused: float = 0.9) -> float:
    """Return the threshold the validation split picks.

    The lowest threshold at which the split's unanswerable questions are refused at least
    `refused` of the time: the search then answers as much as it can.
    """
    scores = sorted(
        max((s for language, _, s in v.best if language == v.question.language), default=0.0)
        for v in verdicts
        if v.question.split == "validation" and v.question.article is None
    )
    if not scores:
        return index_module.THRESHOLD
    # refusing `need` of them means the threshold sits just above the need-th lowest score
    need = min(len(scores), -(-int(refused * 1000) * len(scores) // 1000))
    return round(scores[need - 1] + 1e-4, 4)


def other_language_pick(session: Session, questions: Sequence[Question]) -> dict[str, float]:
    """Return the threshold for articles in another language, and how it does.

    Each question is searched in every other language's articles only (in that language's
    first market). The threshold is the lowest at which 90% of the validation split's
    unanswerable questions find nothing; "answered_right" is the share of the test split's
    answerable questions then answered by the article on the same topic (the id after the
    language: `fr-fees` and `en-fees`).
    """
    from ridgeline.knowledge import vectors
    from ridgeline.policy import MARKETS

    first_market: dict[str, str] = {}
    for code, policy in MARKETS.items():
        first_market.setdefault(policy.language, code)
    index = index_module.index_for(session)
    index.refresh(session)

    def topic(article_id: str) -> str:
        return article_id.split("-", 1)[1].removesuffix("-gb").removesuffix("-us")

    rows: list[tuple[str, bool, bool, float]] = []
    for q in questions:
        vector = index_module.centred_question(vectors.embed_question(q.text))
        for language, market in first_market.items():
            if language == q.language:
                continue
            hits = index.search(q.text, vector, [language], market, 1)
            if not hits:
                continue
            right = q.article is not None and topic(hits[0].article.id) == topic(q.article)
            rows.append((q.split, q.article is None, right, hits[0].score))
    unanswerable = sorted(s for split, none, _, s in rows if split == "validation" and none)
    need = -(-9 * len(unanswerable) // 10)
    threshold = round(unanswerable[need - 1] + 1e-4, 4) if unanswerable else 0.0
    test = [r for r in rows if r[0] == "test"]
    answerable = [r for r in test if not r[1]]
    refused = [r[3] < threshold for r in test if r[1]]
    return {
        "threshold": threshold,
        "test_answered_right": round(
            sum(r[2] and r[3] >= threshold for r in answerable) / max(len(answerable), 1), 3
        ),
        "test_unanswerable_refused": round(sum(refused) / max(len(refused), 1), 3),
    }
