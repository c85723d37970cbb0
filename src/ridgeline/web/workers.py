"""Serve with several processes, each accepting on its own socket bound to the same port.

With one shared listening socket, whichever process wakes first accepts every connection that is
waiting, so a burst of keep-alive connections can all land on one process while the others idle.
With `SO_REUSEPORT` every process listens on a socket of its own and the kernel spreads new
connections across them evenly. Where the option does not exist, uvicorn's own supervisor runs
the processes on one shared socket.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from typing import Any

APP = "ridgeline.web.asgi:app_from_env"


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(host: str, port: int, options: dict[str, Any]) -> None:
    """Run one server process on a socket of its own."""
    import uvicorn

    sock = _listen(host, port)
    uvicorn.Server(uvicorn.Config(APP, factory=True, **options)).run(sockets=[sock])


def serve(host: str, port: int, workers: int, **options: Any) -> None:
    """Run the app in `workers` processes on `host`:`port` until stopped (SIGINT or SIGTERM)."""
    import uvicorn

    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, **options)
        return
    _listen(host, port).close()  # a port already taken fails here, before any process starts
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(host, port, options), name=f"ridgeline-{i}")
        for i in range(workers)
    ]
    for process in processes:
        process.start()

    def stop(_signum: int, _frame: object) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()  # each shuts down gracefully on SIGTERM

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    failed = False
    for process in processes:
        process.join()
        if process.exitcode not in (0, -signal.SIGTERM):
            failed = True
            stop(0, None)  # one process gone: stop the rest, and let the supervisor restart us
    if failed:
        sys.exit(1)
