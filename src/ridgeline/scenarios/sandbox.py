"""Serve each scenario run from a fresh sandbox: the real app behind a real HTTP server.

A fresh sandbox server for each scenario run: a copy of a migrated SQLite file, the real app
behind a real HTTP server on the loopback, and one conversation engine shared by all runs (the
model loads once).
"""

from __future__ import annotations

import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from ridgeline.assistant.engine import Engine
from ridgeline.config import Settings
from ridgeline.kit.db import Database
from ridgeline.kit.migrate import upgrade
from ridgeline.web.app import create_app


def free_port() -> int:
    """Return a free TCP port on the loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class SandboxFactory:
    """Make fresh sandbox servers from one migrated template database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.folder = Path(tempfile.mkdtemp(prefix="ridgeline-scenarios-"))
        self.template = self.folder / "template.db"
        db = Database(f"sqlite:///{self.template}")
        upgrade(db.write_engine)
        db.dispose()
        self.token = secrets.token_urlsafe(16)
        self._count = 0

    @contextmanager
    def server(self) -> Iterator[str]:
        """Start a fresh sandbox server and yield its base URL."""
        self._count += 1
        path = self.folder / f"run-{self._count}.db"
        shutil.copyfile(self.template, path)
        settings = Settings(f"sqlite:///{path}", sandbox=True, admin_token=self.token)
        factory: Callable[[], Engine] = lambda: self.engine  # noqa: E731 - one shared engine
        app = create_app(settings, engine_factory=factory)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            app.state.container.db.dispose()
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove the sandbox files."""
        shutil.rmtree(self.folder, ignore_errors=True)
