"""Several SELECTs in one round trip to the database.

A customer's view takes about ten small queries. On PostgreSQL each costs a round trip, and
the server's work per query is mostly the protocol around it, so they are sent together in
psycopg's pipeline mode and their rows read once all have run. Elsewhere (SQLite, in process)
they simply run one after the other. Either way the rows come back with the columns' own
result processing (timezone-aware UTC times, JSON), as `Connection.execute` would give them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Connection, Dialect


@dataclass(frozen=True)
class _Compiled:
    sql: str
    compiled: Any
    processors: tuple[Callable[[Any], Any] | None, ...]

    def params(self, values: Mapping[str, Any]) -> Any:
        return self.compiled.construct_params(dict(values))

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.processors, raw, strict=True)
        )


_compiled: dict[tuple[int, str], _Compiled] = {}


def _compile(statement: Select[Any], dialect: Dialect) -> _Compiled:
    key = (id(statement), dialect.name)
    found = _compiled.get(key)
    if found is None:
        compiled = statement.compile(dialect=dialect)
        processors = tuple(
            column.type._cached_result_processor(dialect, None)
            for column in statement.selected_columns
        )
        found = _Compiled(str(compiled), compiled, processors)
        _compiled[key] = found
    return found


def select_all(
    connection: Connection, statements: Sequence[Select[Any]], params: Mapping[str, Any]
) -> list[list[tuple[Any, ...]]]:
    """Run `statements` with `params` and return each one's rows, in order.

    The statements are module-level SELECTs, compiled once.
    """
    if connection.dialect.driver != "psycopg":
        return [[tuple(row) for row in connection.execute(s, dict(params))] for s in statements]
    compiled = [_compile(s, connection.dialect) for s in statements]
    raw: Any = connection.connection.dbapi_connection
    with raw.pipeline():
        cursors = []
        for c in compiled:
            cursor = raw.cursor()
            cursor.execute(c.sql, c.params(params))
            cursors.append(cursor)
        return [
            [c.row(r) for r in cursor.fetchall()]
            for c, cursor in zip(compiled, cursors, strict=True)
        ]
