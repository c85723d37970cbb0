"""HTTP routes of the help centre: supervisors and admins manage articles, staff search them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from ridgeline.auth.service import Principal
from ridgeline.http.deps import (
    Caller,
    Container,
    ReadSession,
    WriteSession,
    container,
    require_admin,
    require_staff,
    service_context,
)
from ridgeline.kit.errors import NotFoundError
from ridgeline.knowledge import repository, service
from ridgeline.knowledge.schemas import (
    MAX_QUERY,
    ArticleChange,
    ArticleIn,
    ArticleOut,
    SearchOut,
    SearchResultOut,
)

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge"])
C = Annotated[Container, Depends(container)]
Staff = Annotated[Principal, Depends(require_staff)]


def require_editor(caller: Caller) -> Principal:
    """Allow supervisors and admins: they own the help centre's content."""
    if caller.role not in ("supervisor", "admin"):
        raise HTTPException(403, "articles are managed by supervisors and admins")
    return caller


Editor = Annotated[Principal, Depends(require_editor)]


@router.post("/articles", status_code=201, response_model=ArticleOut)
def create_article(body: ArticleIn, session: WriteSession, editor: Editor, c: C) -> ArticleOut:
    """Create an article.

    Refused with a 422 naming the field: an empty body, an unknown language or market, a
    duplicate id, a body over 100,000 characters.
    """
    ctx = service_context(session, c, editor)
    return ArticleOut.of(service.create_article(ctx, body))


@router.put("/articles/{article_id}", response_model=ArticleOut)
def update_article(
    article_id: str, body: ArticleChange, session: WriteSession, editor: Editor, c: C
) -> ArticleOut:
    """Change an article: the fields sent change, the others stay (`retired: false` restores)."""
    ctx = service_context(session, c, editor)
    return ArticleOut.of(service.update_article(ctx, article_id, body))


@router.delete("/articles/{article_id}", response_model=ArticleOut)
def retire_article(article_id: str, session: WriteSession, editor: Editor, c: C) -> ArticleOut:
    """Retire an article: it is no longer found, and is kept for the audit log."""
    ctx = service_context(session, c, editor)
    return ArticleOut.of(service.retire_article(ctx, article_id))


@router.post("/help-centre", response_model=dict[str, int])
def load_help_centre(
    session: WriteSession, admin: Annotated[Principal, Depends(require_admin)], c: C
) -> dict[str, int]:
    """Load the help centre shipped with Ridgeline (six languages).

    Its articles are created, or replace those of the same id: for a sandbox, a demo, or a
    lender's starting point.
    """
    return service.load_help_centre(service_context(session, c, admin))


@router.get("/articles", response_model=list[ArticleOut])
def list_articles(
    session: ReadSession,
    _staff: Staff,
    language: Annotated[str | None, Query(max_length=2)] = None,
    market: Annotated[str | None, Query(max_length=2)] = None,
    retired: Annotated[bool, Query(description="include retired articles")] = False,
) -> list[ArticleOut]:
    """List the articles of a language and market (an article without markets fits all)."""
    found = repository.listed(session, language=language, market=market, include_retired=retired)
    return [ArticleOut.of(a) for a in found]


@router.get("/articles/{article_id}", response_model=ArticleOut)
def get_article(article_id: str, session: ReadSession, _staff: Staff) -> ArticleOut:
    """Return one article (retired ones too)."""
    article = repository.get(session, article_id)
    if article is None:
        raise NotFoundError("article", article_id)
    return ArticleOut.of(article)


@router.get("/search", response_model=SearchOut)
def search(
    session: ReadSession,
    _staff: Staff,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY)],
    language: Annotated[str | None, Query(max_length=8)] = None,
    market: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchOut:
    """Search the articles for a question.

    Each result carries the passage that matched (plain text, about 80 words) and its score,
    best first; the articles in `language` come first, then those in the market's language
    and English.
    """
    found = service.search(session, q, language=language, market=market, limit=limit)
    return SearchOut(
        results=[
            SearchResultOut(
                id=a.article_id,
                title=a.title,
                snippet=a.text,
                url=a.url,
                score=a.score,
                language=a.language,
            )
            for a in found
        ]
    )
