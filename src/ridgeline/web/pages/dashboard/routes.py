"""Routes of the operations dashboard: `/dashboard`, `/api/v1/metrics`, its CSV export.

The page is a static shell; `static/dashboard/dashboard.js` asks the JSON route for the figures
with the caller's bearer token (staff only) and draws the cards, charts and tables. The JSON, the
CSV and `ridgeline report` all come from :func:`ridgeline.analytics.dashboard.dashboard_figures`.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ridgeline import __version__
from ridgeline.analytics.dashboard import Settings, dashboard_figures
from ridgeline.analytics.reader import Filters, choices
from ridgeline.auth.service import Principal
from ridgeline.http.deps import ReadSession, require_staff

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE))

router = APIRouter(tags=["metrics"])
Staff = Annotated[Principal, Depends(require_staff)]
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,8}$")]
Day = Annotated[date | None, Query()]
MAX_DAYS = 3 * 366


def filters(
    first: date | None, last: date | None, market: str | None, language: str | None
) -> Filters:
    """Return the filters of a request: by default the 30 days up to yesterday (UTC)."""
    last = last or datetime.now(UTC).date() - timedelta(days=1)
    first = first or last - timedelta(days=29)
    if first > last:
        raise HTTPException(422, "'from' is after 'to'")
    if (last - first).days >= MAX_DAYS:
        raise HTTPException(422, f"a period is at most {MAX_DAYS} days")
    return Filters(first, last, market or None, language or None)


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request) -> HTMLResponse:
    """Return the dashboard shell (it takes `token` from the query or a sign-in form)."""
    return templates.TemplateResponse(request, "dashboard.html.j2", {"version": __version__})


@router.get("/api/v1/metrics")
def metrics(
    session: ReadSession,
    _caller: Staff,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
    market: Code = None,
    language: Code = None,
    revenue: Annotated[int | None, Query(ge=0, description="revenue, minor units")] = None,
    headcount: Annotated[float | None, Query(gt=0, description="people employed")] = None,
) -> dict[str, Any]:
    """Return the dashboard's figures for a period, market and language.

    With `revenue` (of the period) and `headcount`, the headline adds revenue per employee.
    """
    settings = Settings(revenue=revenue, headcount=headcount)
    out = dashboard_figures(session, filters(first, last, market, language), settings)
    out["choices"] = choices(session)
    return out


def csv_rows(figures: dict[str, Any]) -> list[list[Any]]:
    """Flatten the figures into rows of (section, dimension, label, metric, value)."""
    rows: list[list[Any]] = []
    for key, value in figures["headline"].items():
        rows.append(["headline", "", "", key, value])
    for key, value in figures["previous"].items():
        rows.append(["previous", "", "", key, value])
    days = figures["series"].get("day", [])
    for key, values in figures["series"].items():
        if key != "day":
            rows.extend(["day", "day", d, key, v] for d, v in zip(days, values, strict=True))
    for dim, groups in figures["breakdowns"].items():
        for label, values in groups.items():
            rows.extend(["breakdown", dim, label, key, v] for key, v in values.items())
    return rows


@router.get("/api/v1/metrics/export.csv")
def export_csv(
    session: ReadSession,
    _caller: Staff,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
    market: Code = None,
    language: Code = None,
) -> Response:
    """Return the dashboard's figures as CSV (section, dimension, label, metric, value)."""
    f = filters(first, last, market, language)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "dimension", "label", "metric", "value"])
    writer.writerows(csv_rows(dashboard_figures(session, f)))
    name = f"ridgeline-metrics-{f.first}-{f.last}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
