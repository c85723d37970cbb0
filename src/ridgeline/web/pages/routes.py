"""Routes of the pages: `/chat` (the customer), `/desk` (the agent console), `/embed.js`.

The pages are static shells rendered once by Jinja2; a small build-free script in
`web/static/` does the rest through the public API with the caller's bearer token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ridgeline import __version__
from ridgeline.policy import DISPUTE_REASONS
from ridgeline.web.pages.strings import chat_words

HERE = Path(__file__).resolve().parent
STATIC = HERE.parent / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))

router = APIRouter(tags=["pages"], include_in_schema=False)
Locale = Annotated[str | None, Query(pattern=r"^[a-z]{2}([-_][A-Z]{2})?$")]


@router.get("/", response_class=RedirectResponse)
def home() -> RedirectResponse:
    """Send a visitor to the agent console."""
    return RedirectResponse("/desk")


@router.get("/chat", response_class=HTMLResponse)
def chat(request: Request, locale: Locale = None) -> HTMLResponse:
    """Return the customer's chat page (it takes `token`, `locale`, `conversation`)."""
    language, words = chat_words(locale)
    return templates.TemplateResponse(
        request,
        "chat.html.j2",
        {"language": language, "words": words, "locale": locale or "", "version": __version__},
    )


@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request) -> HTMLResponse:
    """Return the agent console."""
    return templates.TemplateResponse(
        request,
        "desk.html.j2",
        {"version": __version__, "dispute_reasons": list(DISPUTE_REASONS)},
    )


@router.get("/embed.js")
def embed() -> Response:
    """Return the snippet a lender puts on its site to open the chat in a bubble."""
    return Response(
        (STATIC / "embed.js").read_text(encoding="utf-8"),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )
