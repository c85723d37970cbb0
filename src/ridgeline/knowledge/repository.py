"""Queries of the help centre."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ridgeline.knowledge.models import Article, KnowledgeState, Passage

STATE_ID = 1


def get(session: Session, article_id: str) -> Article | None:
    """Return the article with this id (retired or not), or None."""
    return session.get(Article, article_id)


def get_with_passages(session: Session, article_id: str) -> Article | None:
    """Return the article with this id and its passages, or None."""
    query = select(Article).where(Article.id == article_id).options(selectinload(Article.passages))
    return session.scalars(query).one_or_none()


def existing_ids(session: Session, ids: Sequence[str]) -> set[str]:
    """Return which of `ids` are articles already (retired or not)."""
    if not ids:
        return set()
    return set(session.scalars(select(Article.id).where(Article.id.in_(list(ids)))))


def listed(
    session: Session,
    *,
    language: str | None = None,
    market: str | None = None,
    include_retired: bool = False,
) -> list[Article]:
    """Return the articles of a language and market, by language then id.

    An article without markets fits every market.
    """
    query = select(Article).order_by(Article.language, Article.id)
    if language:
        query = query.where(Article.language == language)
    if not include_retired:
        query = query.where(Article.retired.is_(False))
    articles = list(session.scalars(query))
    if market:
        articles = [a for a in articles if not a.markets or market in a.markets]
    return articles


def current_revision(session: Session) -> tuple[str, int]:
    """Return the knowledge epoch and revision (no row yet: an empty epoch and 0)."""
    query = select(KnowledgeState.epoch, KnowledgeState.revision).where(
        KnowledgeState.id == STATE_ID
    )
    found = session.execute(query).one_or_none()
    return ("", 0) if found is None else (str(found[0]), int(found[1]))


def state_for_update(session: Session) -> KnowledgeState | None:
    """Return the revision's row, locked until the end of the transaction (PostgreSQL)."""
    query = select(KnowledgeState).where(KnowledgeState.id == STATE_ID).with_for_update()
    return session.scalars(query).one_or_none()


def changed_since(session: Session, revision: int, limit: int) -> list[Article]:
    """Return up to `limit` articles written after `revision`, in the order they were written.

    Retired ones too, each with its passages. Read as plain rows (not kept in the session), so a
    process reading thousands of articles into its index holds them only while it indexes them.
    """
    columns = (
        Article.id,
        Article.title,
        Article.url,
        Article.language,
        Article.markets,
        Article.version,
        Article.revision,
        Article.retired,
    )
    query = select(*columns).where(Article.revision > revision).order_by(Article.revision)
    found = [
        Article(
            id=row.id,
            title=row.title,
            url=row.url,
            language=row.language,
            markets=row.markets,
            version=row.version,
            revision=row.revision,
            retired=row.retired,
        )
        for row in session.execute(query.limit(limit))
    ]
    passages: dict[str, list[Passage]] = {a.id: [] for a in found}
    if found:
        parts = select(
            Passage.article_id,
            Passage.seq,
            Passage.heading,
            Passage.text,
            Passage.vector,
            Passage.heading_vector,
        ).where(Passage.article_id.in_(list(passages)))
        for row in session.execute(parts.order_by(Passage.article_id, Passage.seq)):
            passages[row.article_id].append(
                Passage(
                    article_id=row.article_id,
                    seq=row.seq,
                    heading=row.heading,
                    text=row.text,
                    vector=row.vector,
                    heading_vector=row.heading_vector,
                )
            )
    for article in found:
        set_committed_value(article, "passages", passages[article.id])
    return found
