"""Map errors to HTTP once: `{"error": {"code": ..., "message": ...}}` for every 4xx and 5xx."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ridgeline.kit.errors import (
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    RuleRefusedError,
)
from ridgeline.kit.logs import log_event

STATUS: list[tuple[type[DomainError], int]] = [
    (NotFoundError, 404),
    (RuleRefusedError, 409),
    (ConflictError, 409),
    (InvalidInputError, 422),
]


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """Return the contract's error shape."""
    return {"error": {"code": code, "message": message, **extra}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Return the contract's error shape as a response (for the plumbing outside the routes)."""
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


class ApiError(StarletteHTTPException):
    """An HTTP refusal with its own error code (for web plumbing; domain errors stay domain)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        """Refuse with `status`, the error `code` and a readable `message`."""
        super().__init__(status, message, headers)
        self.code = code


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or "body"


def install(app: FastAPI) -> None:
    """Register the error handlers on `app`."""

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        status = next((s for kind, s in STATUS if isinstance(exc, kind)), 400)
        extra = {"rule": exc.rule} if isinstance(exc, RuleRefusedError) else {}
        return JSONResponse(error_body(exc.code, exc.message, **extra), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors()[:5]:
            kind = err.get("type", "")
            where = _location(tuple(err.get("loc", ())))
            text = "unknown field" if kind == "extra_forbidden" else err.get("msg", "invalid")
            problems.append(f"{where}: {text}")
        return JSONResponse(
            error_body("invalid_request", "; ".join(problems) or "invalid request"),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
            429: "rate_limited",
        }
        code = getattr(exc, "code", None) or codes.get(exc.status_code, "http_error")
        headers = getattr(exc, "headers", None)
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=headers
        )

    @app.exception_handler(StaleDataError)
    @app.exception_handler(IntegrityError)
    async def conflict(_request: Request, exc: Exception) -> JSONResponse:
        log_event("web.conflict", error=type(exc).__name__)
        return JSONResponse(
            error_body("conflict", "a concurrent change won; nothing was written"),
            status_code=409,
        )

    @app.exception_handler(OperationalError)
    async def busy(_request: Request, exc: OperationalError) -> JSONResponse:
        log_event("web.database_busy", error=str(exc.orig))
        return JSONResponse(
            error_body("busy", "the database is busy; nothing was written, try again"),
            status_code=503,
        )

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log_event("web.error", error=type(exc).__name__, detail=str(exc))
        return JSONResponse(
            error_body("internal_error", "something went wrong; nothing was written"),
            status_code=500,
        )
