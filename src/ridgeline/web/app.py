"""The FastAPI application: one factory used by the server, the CLI and the tests."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ridgeline import __version__
from ridgeline.assistant.engine import Engine
from ridgeline.cases.endpoints import router as cases_router
from ridgeline.config import LanguageModelSettings, Settings
from ridgeline.conversations.endpoints import router as conversations_router
from ridgeline.conversations.events import router as events_router
from ridgeline.conversations.waiting import WaitingRoom
from ridgeline.desk.endpoints import router as desk_router
from ridgeline.desk.line import DeskLine
from ridgeline.http import errors
from ridgeline.http.deps import Container
from ridgeline.http.edge import BodyLimit, RequestClock
from ridgeline.http.idempotency import Idempotency
from ridgeline.kit.db import Database
from ridgeline.kit.stored_clock import StoredClock
from ridgeline.knowledge.endpoints import router as knowledge_router
from ridgeline.lending.endpoints import router as orders_router
from ridgeline.records.endpoints import router as customers_router
from ridgeline.sandbox.endpoints import router as sandbox_router
from ridgeline.web.pages.dashboard.routes import router as dashboard_router
from ridgeline.web.pages.routes import STATIC
from ridgeline.web.pages.routes import router as pages_router

# Routes that take a body larger than the contract's 64 KiB, with their own limit: a file sent
# in a conversation (the route reads and counts it after the token check).
LARGER_BODIES = (
    (r"^/api/v1/conversations/[^/]+/attachments$", 10 * 1024 * 1024),
    # a help-centre article may hold 100,000 characters (the route refuses more with a 422)
    (r"^/api/v1/knowledge/articles(/[^/]+)?$", 512 * 1024),
)


def default_engine() -> Engine:
    """Return the engine on the embedded understanding, with a hosted model when configured.

    RIDGELINE_LLM_BASE_URL and RIDGELINE_LLM_MODEL (`config.LanguageModelSettings`) put an
    OpenAI-compatible model beside the embedded understanding, which stays its fallback.
    """
    from ridgeline.assistant.adapters.embedded import EmbeddedUnderstanding

    embedded = EmbeddedUnderstanding()
    llm = LanguageModelSettings.from_env()
    if llm is None:
        return Engine(embedded)
    from ridgeline.assistant.adapters.hosted import HostedConfig, HostedUnderstanding

    config = HostedConfig(**asdict(llm))  # the mode and format were checked by from_env
    # Help-centre articles for the prompt: the knowledge package's search, once it offers one
    # (`articles=`, an `ArticleSource`); until then the model is given none.
    return Engine(HostedUnderstanding(config, embedded, articles=None))


def create_app(
    settings: Settings,
    *,
    db: Database | None = None,
    engine_factory: Callable[[], Engine] = default_engine,
    warm_engine: bool = False,
) -> FastAPI:
    """Build the app for `settings`; the database schema must already be migrated.

    With `warm_engine`, the understanding model loads in the background at start-up, so the
    first customer does not wait for it.
    """

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        if warm_engine:
            container: Container = application.state.container
            threading.Thread(target=container.engine, name="engine-warm-up", daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Ridgeline",
        version=__version__,
        description="AI-first customer service for consumer-credit lenders: records, "
        "conversations, desk, metrics.",
    )
    database = db or Database(settings.database_url)
    # The sandbox's clock is kept in the database (every process tells the same time); in
    # production it is the wall clock.
    clock = StoredClock(database if settings.sandbox else None)
    container = app.state.container = Container(settings, database, clock, engine_factory)
    # The chat's waiting room asks the desk where a customer stands (a port: see waiting.py).
    app.state.waiting_room = WaitingRoom(DeskLine())
    errors.install(app)
    # Outermost last: the body limit first (before any parsing or token check), then one
    # reading of the clock per request, then retried POSTs answered from their first answer.
    app.add_middleware(Idempotency, container=container)
    app.add_middleware(RequestClock, clock=clock)
    app.add_middleware(BodyLimit, larger=LARGER_BODIES)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        """Answer 200 once the server is ready (and say whether the assistant's model is loaded)."""
        loaded = app.state.container.engine_loaded()
        return {
            "status": "ok",
            "version": __version__,
            "assistant": "ready" if loaded else "loading",
        }

    for router in (
        customers_router,
        orders_router,
        cases_router,
        conversations_router,
        events_router,
        desk_router,
        knowledge_router,
        sandbox_router,
        pages_router,
        dashboard_router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
