"""Architecture rules as a lint check: which package may import what.

Run by `make check` and CI. Each rule names a package under `src/ridgeline` and the top-level
modules it must never import, directly or by `from ... import`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "ridgeline"

WEB_AND_DB = {"fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn", "psycopg"}

# package -> forbidden import prefixes
RULES: dict[str, set[str]] = {
    "kit": {
        "ridgeline.customers",
        "ridgeline.lending",
        "ridgeline.cases",
        "ridgeline.audit",
        "ridgeline.web",
        "ridgeline.cli",
        "ridgeline.assistant",
        "fastapi",
    },
    "assistant": WEB_AND_DB
    | {"ridgeline.web", "ridgeline.customers", "ridgeline.lending", "ridgeline.cases"},
    "understanding": WEB_AND_DB | {"ridgeline.web", "ridgeline.assistant"},
    "simulation": WEB_AND_DB | {"ridgeline.web", "ridgeline.assistant", "ridgeline.lending"},
    "metrics": {"fastapi", "starlette", "ridgeline.web", "ridgeline.assistant"},
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) for every import in the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations() -> list[str]:
    """Return one line per forbidden import."""
    problems: list[str] = []
    for package, forbidden in RULES.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, module in imported_modules(path):
                for prefix in forbidden:
                    if module == prefix or module.startswith(prefix + "."):
                        rel = path.relative_to(ROOT.parent.parent)
                        problems.append(f"{rel}:{line}: {package}/ must not import {module}")
    return problems


def main() -> int:
    """Print violations; exit 1 when there are any."""
    problems = violations()
    for problem in problems:
        print(problem)
    print(f"layers: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
