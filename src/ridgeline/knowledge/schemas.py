"""API shapes of the help centre: articles in and out, search results.

`ArticleIn` is also the shape of the fixture document's `articles` and of an imported Markdown
file's front matter plus body, so an article is checked the same way however it arrives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ridgeline.knowledge.models import Article
from ridgeline.policy import MARKETS

#: The languages articles are written in: the markets' languages.
LANGUAGES: tuple[str, ...] = tuple(dict.fromkeys(m.language for m in MARKETS.values()))
MAX_BODY = 100_000
#: A question longer than this is refused (a customer's message is at most 4,000 characters,
#: and a search is a question, not a document).
MAX_QUERY = 1_000

ArticleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
# A link shown to customers is a plain https address: no scheme but https, no spaces or quotes.
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"'`]+$", max_length=500)]


def check_language(value: str) -> str:
    """Return `value` if it is a language of the house, else raise ValueError."""
    if value not in LANGUAGES:
        raise ValueError(f"unknown language {value!r} (one of {', '.join(LANGUAGES)})")
    return value


def check_markets(value: list[str] | None) -> list[str] | None:
    """Return the markets without repeats, or raise ValueError on an unknown one."""
    if value is None:
        return None
    for market in value:
        if market not in MARKETS:
            raise ValueError(f"unknown market {market!r} (one of {', '.join(MARKETS)})")
    return list(dict.fromkeys(value)) or None


def check_body(value: str) -> str:
    """Refuse a body with nothing but white space."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value


class ArticleIn(BaseModel):
    """A new article (or, in a fixture or an import, an article to load or replace by id)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: ArticleId
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(max_length=MAX_BODY)
    language: str
    markets: list[str] | None = Field(default=None, max_length=len(MARKETS))
    url: HttpsUrl | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)

    _language = field_validator("language")(check_language)
    _markets = field_validator("markets")(check_markets)
    _body = field_validator("body")(check_body)


class ArticleChange(BaseModel):
    """A change of an article: only the fields sent change (`markets: null`: every market)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: str | None = Field(default=None, min_length=1, max_length=300)
    body: str | None = Field(default=None, max_length=MAX_BODY)
    language: str | None = None
    markets: list[str] | None = Field(default=None, max_length=len(MARKETS))
    url: HttpsUrl | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    retired: bool | None = None

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return None if value is None else check_language(value)

    _markets = field_validator("markets")(check_markets)

    @field_validator("body")
    @classmethod
    def _body(cls, value: str | None) -> str | None:
        return None if value is None else check_body(value)


class ArticleOut(BaseModel):
    """An article as the API returns it (`markets` null: every market)."""

    id: str
    title: str
    body: str
    language: str
    markets: list[str] | None
    url: str | None
    tags: list[str]
    version: int
    updated_at: datetime
    retired: bool

    @classmethod
    def of(cls, article: Article) -> ArticleOut:
        """Build the API shape of an article."""
        return cls(
            id=article.id,
            title=article.title,
            body=article.body,
            language=article.language,
            markets=list(article.markets) or None,
            url=article.url,
            tags=list(article.tags),
            version=article.version,
            updated_at=article.updated_at,
            retired=article.retired,
        )


class SearchResultOut(BaseModel):
    """One article found: the passage that matched, cut to about 80 words, as plain text."""

    id: str
    title: str
    snippet: str
    url: str | None
    score: float
    language: str


class SearchOut(BaseModel):
    """The articles found, best first."""

    results: list[SearchResultOut]
