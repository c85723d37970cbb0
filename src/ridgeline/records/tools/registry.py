"""The one table of the assistant's tools: each tool is defined once, with its spec.

A tool module registers an implementation with `@tool(name, needs=..., writes=...)`; the spec
(the slots it needs, whether it writes, whether a policy wants it done at once) and the code
that runs it can then never disagree. The assistant reads the specs through its records port.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ridgeline.assistant.ports import ToolResult, ToolSpec
from ridgeline.assistant.views import CustomerView
from ridgeline.context import ServiceContext

Implementation = Callable[[ServiceContext, CustomerView, dict[str, Any]], ToolResult]


@dataclass(frozen=True)
class Tool:
    """A tool: what the assistant knows of it, and the code that runs it."""

    spec: ToolSpec
    run: Implementation


TOOLS: dict[str, Tool] = {}


def tool(
    name: str, *, needs: tuple[str, ...] = (), writes: bool = False, immediate: bool = False
) -> Callable[[Implementation], Implementation]:
    """Register the implementation of tool `name` with its spec."""

    def register(fn: Implementation) -> Implementation:
        if name in TOOLS:
            raise ValueError(f"tool {name!r} is defined twice")
        TOOLS[name] = Tool(ToolSpec(name, needs, writes, immediate), fn)
        return fn

    return register
