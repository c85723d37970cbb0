"""Routes of the operations dashboard: the page, its figures, their CSV and the live panel.

`/dashboard` is a static shell in the supervisor's language (`?lang=`, else the browser's);
`static/dashboard/dashboard.js` asks the JSON routes for the figures with the caller's bearer
token (staff only) and draws the cards, charts and tables, keeping the filters in the address.
The JSON, the CSV and `ridgeline report` all come from
:func:`ridgeline.analytics.dashboard.dashboard_figures`; the live panel from
:mod:`ridgeline.web.pages.dashboard.live` (the desk's own queue code).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ridgeline import __version__
from ridgeline.analytics.dashboard import (
    EARLIEST,
    LATEST,
    MAX_DAYS,
    Settings,
    dashboard_figures,
    period_filters,
)
from ridgeline.analytics.reader import Filters, choices
from ridgeline.analytics.units import FIGURES
from ridgeline.auth.service import Principal
from ridgeline.http.deps import Container, ReadSession, container, require_staff
from ridgeline.web.pages.dashboard.export import csv_text, file_name
from ridgeline.web.pages.dashboard.live import as_json, live_figures
from ridgeline.web.pages.dashboard.words import names, page_language, words

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE))

router = APIRouter(tags=["metrics"])
Staff = Annotated[Principal, Depends(require_staff)]
C = Annotated[Container, Depends(container)]
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,8}$")]
Lang = Annotated[str | None, Query(pattern=r"^[a-z]{2}([-_][A-Za-z]{2})?$")]
From = Annotated[date | None, Query(alias="from")]
To = Annotated[date | None, Query(alias="to")]
AcceptLanguage = Annotated[str | None, Header()]
#: How often the page asks for the live panel's figures, in seconds.
LIVE_SECONDS = 5


def _filters(
    c: Container, first: date | None, last: date | None, market: str | None, language: str | None
) -> Filters:
    """Return the request's filters, the default period ending yesterday by the app's clock."""
    return period_filters(first, last, market, language, c.clock.now().date())


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(
    request: Request, lang: Lang = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """Return the dashboard shell (it takes `token` from the query or a sign-in form)."""
    language = page_language(lang, accept_language)
    setup = {
        "language": language,
        "words": words(language),
        "names": names(language),
        "figures": {k: {"unit": f.unit, "better": f.better} for k, f in FIGURES.items()},
        "order": list(FIGURES),  # the cards' order (the page's JSON has its keys sorted)
        "max_days": MAX_DAYS,
        "earliest": EARLIEST.isoformat(),
        "latest": LATEST.isoformat(),
        "live_seconds": LIVE_SECONDS,
    }
    return templates.TemplateResponse(
        request,
        "dashboard.html.j2",
        {"version": __version__, "language": language, "w": words(language), "setup": setup},
    )


@router.get("/api/v1/metrics")
def metrics(
    session: ReadSession,
    _caller: Staff,
    c: C,
    first: From = None,
    last: To = None,
    market: Code = None,
    language: Code = None,
    revenue: Annotated[int | None, Query(ge=0, description="revenue, minor units")] = None,
    headcount: Annotated[float | None, Query(gt=0, description="people employed")] = None,
) -> dict[str, Any]:
    """Return the dashboard's figures for a period, market and language.

    With `revenue` (of the period) and `headcount`, the headline adds revenue per employee.
    """
    settings = Settings(revenue=revenue, headcount=headcount)
    f = _filters(c, first, last, market, language)
    out = dashboard_figures(session, f, settings, c.clock.now().date())
    out["choices"] = choices(session)
    return out


@router.get("/api/v1/metrics/export.csv")
def export_csv(
    session: ReadSession,
    _caller: Staff,
    c: C,
    first: From = None,
    last: To = None,
    market: Code = None,
    language: Code = None,
    lang: Lang = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    """Return the dashboard's figures as CSV, in the supervisor's language (`lang`).

    The file's first rows say the period, filters and currency; its name says the period and
    filters. Values are in the units the page shows (see `export.py`).
    """
    f = _filters(c, first, last, market, language)
    now = c.clock.now()
    figures = dashboard_figures(session, f, today=now.date())
    text = csv_text(figures, page_language(lang, accept_language), now)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name(f)}"'},
    )


@router.get("/api/v1/metrics/live")
def live(session: ReadSession, caller: Staff, c: C) -> dict[str, object]:
    """Return the desk's queues and people now (staff only, read-only).

    Per queue: waiting, high priority, longest wait, over the wait target, agents online and
    free slots; overall: conversations and customers waiting, agents online and away, chats
    held, free slots and the longest wait.
    """
    return as_json(live_figures(session, c, caller))
