"""axe-core in the page tests: run it on a page and keep the serious and critical violations.

The axe-core file is vendored beside the tests (`vendor/axe.min.js`, MPL-2.0, see
`vendor/README.md`), so the tests need no network. The rules run are those of WCAG 2.0, 2.1 and
2.2 at levels A and AA.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
BLOCKING = ("serious", "critical")

_RUN = """async (tags) => {
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
  }));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Page | Frame, impacts: tuple[str, ...] = BLOCKING) -> list[dict[str, Any]]:
    """Return the WCAG 2.2 AA violations of `impacts` axe-core finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_source())
    found: list[dict[str, Any]] = page.evaluate(_RUN, list(WCAG_AA))
    return [v for v in found if v["impact"] in impacts]
