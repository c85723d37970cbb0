"""ASGI entry for multi-process serving: builds the app from RIDGELINE_* environment variables."""

from __future__ import annotations

import os

from fastapi import FastAPI

from ridgeline.config import Settings
from ridgeline.web.app import create_app


def app_from_env() -> FastAPI:
    """Build the app from RIDGELINE_DATABASE_URL, RIDGELINE_SANDBOX and RIDGELINE_ADMIN_TOKEN."""
    settings = Settings.from_env(
        os.environ.get("RIDGELINE_DATABASE_URL"),
        sandbox=os.environ.get("RIDGELINE_SANDBOX") == "1",
    )
    return create_app(settings, warm_engine=True)
