"""The tables of the help centre: articles, their passages with their vectors, and the revision.

An article is the lender's own text, in one language, for some markets (none listed: all). It is
never deleted, only retired, so the audit log and the answers given from it keep their source.
Its passages are derived from it (split, embedded) whenever it is written. `knowledge_state`
holds one counter, the knowledge revision: every write of an article takes the next value and
stamps it on the article, so a server process that has seen revision N reads only the articles
with a higher one to bring its index up to date.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ridgeline.kit.db import Base, UTCDateTime


class Article(Base):
    """A help-centre article: Markdown written by the lender, in one language."""

    __tablename__ = "knowledge_articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), index=True)
    #: Market codes the article is written for; empty means every market.
    markets: Mapped[list[str]] = mapped_column(JSON, default=list)
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: 1 when created, one more at every change.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The knowledge revision of the article's last change.
    revision: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    passages: Mapped[list[Passage]] = relationship(
        back_populates="article",
        order_by="Passage.seq",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class Passage(Base):
    """A piece of an article's plain text (about 40 to 120 words), with its two vectors."""

    __tablename__ = "knowledge_passages"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("knowledge_articles.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    heading: Mapped[str | None] = mapped_column(String(300), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    #: float32 vectors of the text and of the heading (None when no embedding model runs here).
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    heading_vector: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    model: Mapped[str | None] = mapped_column(String(64), nullable=True)

    article: Mapped[Article] = relationship(back_populates="passages", lazy="raise")


class KnowledgeState(Base):
    """The one row holding the knowledge revision (id 1).

    `epoch` is drawn when the row is made: a database emptied and filled again (a test
    truncating its tables) starts a new epoch, so no index mistakes its revisions for old ones.
    """

    __tablename__ = "knowledge_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
