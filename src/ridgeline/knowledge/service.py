"""The help centre's rules: articles are written only here (audited), and searched here.

Writing an article splits its body into passages, embeds what changed (before the first
statement of the transaction when it is new) and takes the next knowledge revision, so every
server process's index sees the change at its next search (`index.py`).

`answer` is what the assistant calls: the best passage for a customer's question in their
language and market, falling back to the market's language and then English when no article
in the customer's language clears the threshold, cut to about 80 words at sentence boundaries;
or None, and the assistant says it has no article on that. Its text is plain (no Markdown, no
HTML): a page must still show it as text, never as markup.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ridgeline.audit.service import record
from ridgeline.context import ServiceContext
from ridgeline.kit.errors import NotFoundError
from ridgeline.kit.logs import log_event
from ridgeline.knowledge import files, repository, vectors
from ridgeline.knowledge.errors import ArticleInputError
from ridgeline.knowledge.index import (
    OTHER_LANGUAGE_THRESHOLD,
    THRESHOLD,
    Hit,
    centred_question,
    index_for,
)
from ridgeline.knowledge.models import Article, KnowledgeState, Passage
from ridgeline.knowledge.schemas import LANGUAGES, MAX_QUERY, ArticleChange, ArticleIn
from ridgeline.knowledge.text import best_window, split_passages, tokens
from ridgeline.policy import MARKETS

# -- writing -----------------------------------------------------------------------------------


def _view(article: Article) -> dict[str, Any]:
    """Return the audit snapshot of an article (the body by length and digest)."""
    return {
        "title": article.title,
        "language": article.language,
        "markets": list(article.markets),
        "url": article.url,
        "tags": list(article.tags),
        "version": article.version,
        "retired": article.retired,
        "body_chars": len(article.body),
        "body_sha256": hashlib.sha256(article.body.encode("utf-8")).hexdigest(),
    }


def _stored_vectors(article: Article | None) -> dict[str, bytes]:
    """Return the vectors an article already has, by the key of the text they embed."""
    if article is None:
        return {}
    known: dict[str, bytes] = {}
    for p in article.passages:
        if p.vector and p.heading_vector and p.model == vectors.MODEL:
            text = vectors.passage_text(article.title, p.heading, p.text)
            known[vectors.key("passage", text)] = p.vector
            known[vectors.key("heading", vectors.heading_text(article.title, p.heading))] = (
                p.heading_vector
            )
    return known


def _passages(
    title: str, body: str, known: dict[str, bytes], cached: dict[str, Any] | None
) -> list[Passage]:
    """Split a body into passages with their vectors (those already known are not recomputed)."""
    import numpy as np

    pieces = split_passages(body)
    if not pieces:
        raise ArticleInputError("body", "has no text once its markup is removed")
    rows = [Passage(seq=i + 1, heading=p.heading, text=p.text) for i, p in enumerate(pieces)]
    if vectors.available():
        stored = {k: np.frombuffer(v, np.float32) for k, v in known.items()}
        texts = [vectors.passage_text(title, p.heading, p.text) for p in pieces]
        heads = [vectors.heading_text(title, p.heading) for p in pieces]
        dense = vectors.embed("passage", texts, stored, cached)
        heading = vectors.embed("heading", heads, stored, cached)
        for row, v, h in zip(rows, dense, heading, strict=True):
            row.vector = v.astype(np.float32).tobytes()
            row.heading_vector = h.astype(np.float32).tobytes()
            row.model = vectors.MODEL
    return rows


def _next_revision(session: Session) -> int:
    """Take the next knowledge revision (locking its row until the transaction ends)."""
    state = repository.state_for_update(session)
    if state is None:
        state = KnowledgeState(id=repository.STATE_ID, epoch=secrets.token_hex(8), revision=0)
        session.add(state)
    state.revision += 1
    session.flush()
    return state.revision


def create_article(
    ctx: ServiceContext, data: ArticleIn, *, cached: dict[str, Any] | None = None
) -> Article:
    """Create an article and its passages; refuse an id already used (even by a retired one)."""
    passages = _passages(data.title, data.body, {}, cached)  # before the transaction's lock
    if repository.get(ctx.session, data.id) is not None:
        raise ArticleInputError("id", f"an article {data.id!r} already exists")
    now = ctx.now()
    article = Article(
        id=data.id,
        title=data.title,
        body=data.body,
        language=data.language,
        markets=list(data.markets or []),
        url=data.url,
        tags=list(data.tags),
        version=1,
        revision=_next_revision(ctx.session),
        created_at=now,
        updated_at=now,
        retired=False,
    )
    article.passages = passages
    ctx.session.add(article)
    ctx.session.flush()
    record(ctx, "article.created", "article", article.id, customer_id=None, after=_view(article))
    return article


def _locked(ctx: ServiceContext, article_id: str) -> Article:
    article = repository.get_with_passages(ctx.session, article_id)
    if article is None:
        raise NotFoundError("article", article_id)
    return article


def update_article(
    ctx: ServiceContext,
    article_id: str,
    change: ArticleChange,
    *,
    cached: dict[str, Any] | None = None,
) -> Article:
    """Change the fields `change` names.

    A change of title or body splits and embeds again (passages whose text did not change keep
    their vectors). Nothing to change: no new version.
    """
    article = _locked(ctx, article_id)
    sent = change.model_fields_set
    values: dict[str, Any] = {f: getattr(change, f) for f in sent}
    if "markets" in values:
        values["markets"] = list(values["markets"] or [])
    if "tags" in values:
        values["tags"] = list(values["tags"] or [])
    for required in ("title", "body", "language", "retired"):
        if required in values and values[required] is None:
            raise ArticleInputError(required, "must not be null")
    changed = {f: v for f, v in values.items() if getattr(article, f) != v}
    if not changed:
        return article
    before = _view(article)
    if "title" in changed or "body" in changed:
        title, body = changed.get("title", article.title), changed.get("body", article.body)
        passages = _passages(title, body, _stored_vectors(article), cached)
        # The old rows go first: the new ones reuse their keys (article, seq).
        ctx.session.execute(delete(Passage).where(Passage.article_id == article.id))
        set_committed_value(article, "passages", [])
        article.passages = passages
    for field, value in changed.items():
        setattr(article, field, value)
    article.version += 1
    article.updated_at = ctx.now()
    article.revision = _next_revision(ctx.session)
    ctx.session.flush()
    after = _view(article)
    if changed.get("retired") is True:
        record(
            ctx,
            "article.retired",
            "article",
            article.id,
            customer_id=None,
            before=before,
            after=after,
        )
        return article
    record(
        ctx, "article.updated", "article", article.id, customer_id=None, before=before, after=after
    )
    return article


def retire_article(ctx: ServiceContext, article_id: str) -> Article:
    """Retire an article: it is kept (and audited) but never found again until restored."""
    return update_article(ctx, article_id, ArticleChange(retired=True))


def load_articles(ctx: ServiceContext, articles: Sequence[ArticleIn]) -> dict[str, int]:
    """Create or replace articles by id, in the caller's transaction; return the counts.

    For a fixture document or an import. An article that would not change is left as it is.
    """
    seen: set[str] = set()
    for i, data in enumerate(articles):
        if data.id in seen:
            raise ArticleInputError(f"articles[{i}].id", f"{data.id!r} appears twice")
        seen.add(data.id)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = repository.existing_ids(ctx.session, [a.id for a in articles])
    with vectors.remembered() as cached:
        for data in articles:
            if data.id not in existing:
                create_article(ctx, data, cached=cached)
                counts["created"] += 1
                continue
            change = ArticleChange(
                title=data.title,
                body=data.body,
                language=data.language,
                markets=data.markets,
                url=data.url,
                tags=data.tags,
                retired=False,
            )
            version = _locked(ctx, data.id).version
            updated = update_article(ctx, data.id, change, cached=cached)
            counts["updated" if updated.version != version else "unchanged"] += 1
    return counts


def load_help_centre(ctx: ServiceContext) -> dict[str, int]:
    """Load the help centre shipped with Ridgeline (its articles replace those of the same id)."""
    return load_articles(ctx, files.shipped())


# -- searching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A passage of an article that answers a question, ready to quote.

    `text` is plain text, whole sentences, at most about 80 words. `language` is the article's
    language; `fallback` is True when it is not the language asked for (the market's language
    or English was used because no article in the customer's language answered).
    """

    article_id: str
    title: str
    url: str | None
    text: str
    score: float
    language: str
    fallback: bool
    passage: int
    version: int


def _check(question: str, language: str | None, market: str | None) -> str:
    text = question.strip()
    if not text:
        raise ArticleInputError("q", "must not be empty")
    if len(text) > MAX_QUERY:
        raise ArticleInputError("q", f"must be at most {MAX_QUERY} characters")
    if language is not None and language not in LANGUAGES:
        raise ArticleInputError("language", f"unknown language {language!r}")
    if market is not None and market not in MARKETS:
        raise ArticleInputError("market", f"unknown market {market!r}")
    return text


def chain(language: str, market: str | None) -> list[str]:
    """Return the languages an answer may be in, in order: the customer's, the market's, English."""
    languages = [language]
    if market is not None:
        languages.append(MARKETS[market].language)
    languages.append("en")
    return list(dict.fromkeys(languages))


def _hits(
    session: Session, question: str, languages: Sequence[str] | None, market: str | None, limit: int
) -> list[Hit]:
    index = index_for(session)
    index.refresh(session)
    vector = centred_question(vectors.embed_question(question)) if vectors.available() else None
    return index.search(question, vector, languages, market, limit)


def _answer(hit: Hit, question: str, asked: str | None) -> Answer:
    terms = set(tokens(question, hit.article.language))
    return Answer(
        article_id=hit.article.id,
        title=hit.article.title,
        url=hit.article.url,
        text=best_window(hit.passage.text, terms, hit.article.language),
        score=round(hit.score, 4),
        language=hit.article.language,
        fallback=asked is not None and hit.article.language != asked,
        passage=hit.passage.seq,
        version=hit.article.version,
    )


def search(
    session: Session,
    question: str,
    *,
    language: str | None = None,
    market: str | None = None,
    limit: int = 5,
) -> list[Answer]:
    """Return up to `limit` articles for a question, whatever their score.

    With a language, its articles best first, then those of the market's language and
    English; without one, every language's, best first. `market` keeps the articles written
    for it.
    """
    text = _check(question, language, market)
    languages = chain(language, market) if language is not None else None
    hits = _hits(session, text, languages, market, limit)
    if languages is None:
        hits.sort(key=lambda h: -h.score)
    return [_answer(hit, text, language) for hit in hits[:limit]]


def answer(session: Session, question: str, language: str, market: str | None) -> Answer | None:
    """Return the passage that answers a customer's question, or None when no article does.

    `language` is the customer's (the message's) language and `market` their market: articles
    written for other markets are never used. An article in `language` is preferred; if none
    clears the threshold, the market's language, then English.
    """
    text = _check(question, language, market)
    languages = chain(language, market)
    hits = _hits(session, text, languages, market, 1)
    for candidate in languages:
        best = next((h for h in hits if h.article.language == candidate), None)
        bar = THRESHOLD if candidate == language else OTHER_LANGUAGE_THRESHOLD
        if best is not None and best.score >= bar:
            found = _answer(best, text, language)
            log_event(
                "knowledge.answer.found",
                article=found.article_id,
                score=found.score,
                language=language,
                fallback=found.fallback,
            )
            return found
    log_event("knowledge.answer.none", language=language, market=market)
    return None
