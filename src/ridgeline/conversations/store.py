"""Store a conversation's opening, or a turn, in as few round trips as the database allows.

Opening a conversation stores the conversation, its first message and an audit entry. A turn
stores the conversation's new columns, its messages and its audit entries, all or nothing, and
only while the conversation is still at the version the turn was worked out on (and still the
customer's). Every customer turn is stored this way: one worked out ahead in a transaction of
its own (`store_turn`), one that wrote records inside that transaction (`write_turn`).

- PostgreSQL: one statement, run as its own transaction (autocommit). The conversation's INSERT
  or conditional UPDATE is a data-modifying WITH query whose RETURNING feeds the other INSERTs:
  they select their rows from it, so nothing is inserted when the row did not match, and the
  statement answers how many conversation rows it wrote. One round trip, where BEGIN, three
  statements and COMMIT took five.
- SQLite (no data-modifying WITH): the same statements one after the other in a write
  transaction, which costs a lock on the file and no round trip.

The statements are Core, built once per shape (which columns change, how many messages and
audit entries) and compiled once by SQLAlchemy's cache: the ORM's unit of work added only time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CTE,
    Connection,
    Insert,
    Select,
    Table,
    Update,
    bindparam,
    func,
    insert,
    select,
    union_all,
    update,
)

from ridgeline.audit.models import AuditEntry
from ridgeline.conversations.models import Conversation, Message
from ridgeline.kit.db import Database

_CONVERSATIONS: Table = Conversation.__table__  # type: ignore[assignment]
_MESSAGES: Table = Message.__table__  # type: ignore[assignment]
_AUDIT: Table = AuditEntry.__table__  # type: ignore[assignment]
#: The columns of the rows given for messages and audit entries.
MESSAGE_COLUMNS = ("conversation_id", "seq", "role", "text", "language", "created_at")
ENTRY_COLUMNS = (
    "at",
    "actor_type",
    "actor_id",
    "action",
    "entity_type",
    "entity_id",
    "customer_id",
    "before",
    "after",
    "details",
)
Row = dict[str, Any]


@dataclass(frozen=True)
class Opening:
    """A new conversation: its row, its first messages and their audit entries."""

    conversation: Row
    messages: Sequence[Row]
    entries: Sequence[Row]


@dataclass(frozen=True)
class TurnRows:
    """What a turn stores: the conversation's new columns, its messages and audit entries."""

    conversation_id: str
    seen: int  # the conversation's version the turn was worked out on
    owner: str | None  # the customer who must own the conversation (None: staff, any)
    changes: Row  # the conversation's new columns, its next version included
    messages: Sequence[Row]
    entries: Sequence[Row]


def store_opening(db: Database, opening: Opening) -> None:
    """Insert a new conversation with its messages and audit entries, all or nothing."""
    if db.is_sqlite:
        with db.write_engine.begin() as connection:
            connection.execute(insert(_CONVERSATIONS), opening.conversation)
            _insert_rows(connection, opening.messages, opening.entries)
        return
    statement = _opening_statement(
        tuple(opening.conversation), len(opening.messages), len(opening.entries)
    )
    params = {f"set_{name}": value for name, value in opening.conversation.items()}
    params |= _row_params(opening.messages, opening.entries)
    with db.autocommit.connect() as connection:
        connection.execute(statement, params)


def store_turn(db: Database, turn: TurnRows) -> bool:
    """Store a turn in its own transaction if the conversation has not moved; else return False.

    The conversation must still be at the version seen (and the owner's); when it is not,
    nothing is stored.
    """
    if db.is_sqlite:
        with db.write_engine.begin() as connection:
            return write_turn(connection, turn, postgres=False)
    with db.autocommit.connect() as connection:
        return write_turn(connection, turn, postgres=True)


def write_turn(connection: Connection, turn: TurnRows, *, postgres: bool) -> bool:
    """Write a turn's rows on `connection` if the conversation has not moved; else return False.

    The rows are written in the connection's transaction (or as one statement in autocommit),
    only if the conversation is still at the version seen; when it is not, nothing is written.
    """
    params = {"conversation": turn.conversation_id, "seen": turn.seen, "owner": turn.owner}
    params |= {f"set_{name}": value for name, value in turn.changes.items()}
    shape = (tuple(turn.changes), turn.owner is not None)
    if not postgres:
        if connection.execute(_moved(*shape), params).rowcount != 1:
            return False
        _insert_rows(connection, turn.messages, turn.entries)
        return True
    params |= _row_params(turn.messages, turn.entries)
    statement = _turn_statement(*shape, len(turn.messages), len(turn.entries))
    stored: int = connection.execute(statement, params).scalar_one()
    return stored == 1


def _insert_rows(connection: Connection, messages: Sequence[Row], entries: Sequence[Row]) -> None:
    if messages:
        connection.execute(insert(_MESSAGES), list(messages))
    if entries:
        connection.execute(insert(_AUDIT), list(entries))


def _row_params(messages: Sequence[Row], entries: Sequence[Row]) -> Row:
    params = {f"m{i}_{name}": row[name] for i, row in enumerate(messages) for name in row}
    params |= {f"a{i}_{name}": row[name] for i, row in enumerate(entries) for name in row}
    return params


def _values(table: Table, names: Sequence[str]) -> dict[str, Any]:
    """Bound values `set_<column>` for `names`, typed as their columns."""
    return {name: bindparam(f"set_{name}", type_=table.c[name].type) for name in names}


@lru_cache(maxsize=64)
def _moved(changed: tuple[str, ...], owned: bool) -> Update:
    """UPDATE the conversation `conversation` to the values given, if still at version `seen`."""
    checks = [
        _CONVERSATIONS.c.id == bindparam("conversation"),
        _CONVERSATIONS.c.version == bindparam("seen"),
    ]
    if owned:
        checks.append(_CONVERSATIONS.c.customer_id == bindparam("owner"))
    return update(_CONVERSATIONS).where(*checks).values(_values(_CONVERSATIONS, changed))


@lru_cache(maxsize=64)
def _turn_statement(
    changed: tuple[str, ...], owned: bool, messages: int, entries: int
) -> Select[int]:
    moved = _moved(changed, owned).returning(_CONVERSATIONS.c.id).cte("moved")
    return _with_rows(moved, messages, entries)


@lru_cache(maxsize=16)
def _opening_statement(columns: tuple[str, ...], messages: int, entries: int) -> Select[int]:
    values = _values(_CONVERSATIONS, columns)
    opened = insert(_CONVERSATIONS).values(values).returning(_CONVERSATIONS.c.id).cte("opened")
    return _with_rows(opened, messages, entries)


def _with_rows(written: CTE, messages: int, entries: int) -> Select[int]:
    """Count the rows `written`, inserting the messages and audit entries once for each."""
    inserts = []
    if messages:
        inserts.append(_insert_from(written, _MESSAGES, MESSAGE_COLUMNS, "m", messages).cte("said"))
    if entries:
        inserts.append(_insert_from(written, _AUDIT, ENTRY_COLUMNS, "a", entries).cte("audited"))
    return select(func.count()).select_from(written).add_cte(*inserts)


def _insert_from(written: CTE, table: Table, names: Sequence[str], key: str, count: int) -> Insert:
    """INSERT `count` rows of bound values `<key><i>_<column>` for each row of `written`."""
    rows = [
        select(*(bindparam(f"{key}{i}_{n}", type_=table.c[n].type) for n in names)).select_from(
            written
        )
        for i in range(count)
    ]
    return insert(table).from_select(list(names), rows[0] if count == 1 else union_all(*rows))
