"""Which Chromium the page tests start, and how.

Debian's (/usr/bin/chromium) when it is there, otherwise the build Playwright downloaded;
RIDGELINE_CHROMIUM names another, and then only that one is looked for. `make test` runs
`tools/ensure_browser.py` first, which asks this module, so the two always agree.
"""

from __future__ import annotations

import os

from playwright.sync_api import Browser, Playwright

SYSTEM_CHROMIUM = "/usr/bin/chromium"
OVERRIDE = "RIDGELINE_CHROMIUM"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def executable(playwright: Playwright) -> str | None:
    """Return the path of the Chromium the page tests start, or None when there is none."""
    named = os.environ.get(OVERRIDE)
    candidates = [named] if named else [SYSTEM_CHROMIUM, playwright.chromium.executable_path]
    return next((c for c in candidates if os.path.isfile(c) and os.access(c, os.X_OK)), None)


def launch(playwright: Playwright) -> Browser:
    """Start the page tests' headless Chromium; without one, say how to install it."""
    path = executable(playwright)
    if path is None:
        where = os.environ.get(OVERRIDE) or f"{SYSTEM_CHROMIUM} or Playwright's download"
        raise RuntimeError(
            f"no Chromium for the page tests at {where}: run `make test`, which installs one "
            "(or `.venv/bin/python tools/ensure_browser.py` alone)"
        )
    return playwright.chromium.launch(executable_path=path, args=ARGS, timeout=30_000)
