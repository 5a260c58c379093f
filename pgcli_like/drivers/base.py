"""The one protocol every database driver speaks, and the records it returns.

Drivers live in sibling modules (``postgres``, ``mysql``, ``sqlite``), one per engine,
and import their client library lazily. Everything above the drivers (the session,
formatters, special commands, the catalog loader) depends only on this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Engine = Literal["postgresql", "mysql", "sqlite"]
TransactionState = Literal["idle", "in_transaction", "failed"]

# How a column's values should be treated by formatters: alignment, JSON typing.
ValueKind = Literal["number", "bool", "text", "binary", "json", "other"]


class ShellkitSqlError(Exception):
    """Base of the errors a user can cause; ``str(err)`` is written for the user."""


class ConnectionError_(ShellkitSqlError):
    """Could not connect (bad DSN, server down, bad password)."""


class DatabaseError(ShellkitSqlError):
    """The server rejected a statement.

    ``message`` is the server's own text; ``position`` is a 0-based character offset
    into the statement when the server (or SQLite's ``near "X"``) tells us where.
    ``context`` is the server's call stack for an error raised inside a function
    (PostgreSQL's CONTEXT); ``internal_query`` and ``internal_position`` (0-based) name
    the statement a function ran that failed, and the spot in it.

    The rest is what psql adds in its verbose form (``\\errverbose``), when the server
    sends it (PostgreSQL does; other engines leave it None): the severity word as sent
    (ERROR, FATAL), the objects the error is about, and where in the server's source
    it was raised.
    """

    def __init__(
        self,
        message: str,
        *,
        position: int | None = None,
        sqlstate: str | None = None,
        detail: str | None = None,
        hint: str | None = None,
        context: str | None = None,
        internal_query: str | None = None,
        internal_position: int | None = None,
        severity: str | None = None,
        schema_name: str | None = None,
        table_name: str | None = None,
        column_name: str | None = None,
        datatype_name: str | None = None,
        constraint_name: str | None = None,
        source_file: str | None = None,
        source_line: str | None = None,
        source_function: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.sqlstate = sqlstate
        self.detail = detail
        self.hint = hint
        self.context = context
        self.internal_query = internal_query
        self.internal_position = internal_position
        self.severity = severity
        self.schema_name = schema_name
        self.table_name = table_name
        self.column_name = column_name
        self.datatype_name = datatype_name
        self.constraint_name = constraint_name
        self.source_file = source_file
        self.source_line = source_line
        self.source_function = source_function


class QueryCancelled(DatabaseError):
    """The running statement was cancelled on the server (Ctrl-C, pager quit)."""


class ConnectionLost(DatabaseError):
    """The connection died (server restart, killed backend); reconnect before reuse."""


@dataclass(frozen=True, slots=True)
class ConnectionTarget:
    """Where to connect. ``password`` is never shown, logged or written to history."""

    engine: Engine
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None  # for SQLite: the file path or ":memory:"
    options: tuple[tuple[str, str], ...] = ()  # extra driver options (sslmode=…, service=…)

    @property
    def history_key(self) -> str:
        """A file-name-safe key naming engine+host+database, used for per-target history."""
        import re

        host = self.host or ("local" if self.engine != "sqlite" else "file")
        raw = f"{self.engine}-{host}-{self.port or ''}-{self.database or ''}"
        return re.sub(r"[^A-Za-z0-9._-]+", "_", raw).strip("_")[:200]


@dataclass(frozen=True, slots=True)
class ColumnInfo:
    """One result column: its name, the server's type name (lowercase), and value kind."""

    name: str
    type_name: str = ""
    kind: ValueKind = "other"


class ResultStream(Protocol):
    """The result of one statement, streamed.

    ``columns`` is empty for statements that return no rows. ``batches()`` yields lists
    of row tuples as they arrive; it may be called once. ``status`` (``SELECT 3``,
    ``INSERT 0 1``, ``UPDATE 2``, ``CREATE TABLE``) is final once the rows are consumed.
    ``close()`` stops fetching early (and cancels the statement on the server if it
    is still producing rows); it is safe to call twice.

    Values are Python objects: None, str, int, float, bool, bytes, Decimal; anything
    else (dates, UUIDs, arrays, JSON on PostgreSQL) arrives as the server's canonical
    text (str) where the driver can get it, otherwise formatters use ``str()``.
    """

    columns: Sequence[ColumnInfo]
    table_name: str | None  # the single source table when known (for sql-insert output)

    @property
    def status(self) -> str: ...

    def batches(self, size: int = 1000) -> Iterator[list[tuple]]: ...

    def close(self) -> None: ...


@dataclass
class StaticResult:
    """An in-memory ResultStream, used by special commands and tests."""

    columns: Sequence[ColumnInfo]
    rows: list[tuple]
    status_text: str = ""
    title: str | None = None
    table_name: str | None = None
    footer: str | None = None  # extra lines under the table (\d's indexes, constraints …)
    row_count: bool = True  # False: no "(N rows)" line, as psql for \d NAME and \du

    @property
    def status(self) -> str:
        return self.status_text

    def batches(self, size: int = 1000) -> Iterator[list[tuple]]:
        for start in range(0, len(self.rows), size):
            yield self.rows[start : start + size]

    def close(self) -> None:
        return None


class Driver(Protocol):
    """One open connection to one database."""

    engine: Engine
    target: ConnectionTarget

    @property
    def server_version(self) -> str: ...

    @property
    def transaction_state(self) -> TransactionState: ...

    @property
    def current_database(self) -> str | None: ...

    def execute(self, sql: str, params: Sequence[object] | None = None) -> ResultStream:
        """Run exactly one statement and return its (possibly streaming) result.

        Raises DatabaseError (with position when known), QueryCancelled, ConnectionLost.
        """
        ...

    def cancel(self) -> None:
        """Cancel the running statement on the server. Safe from another thread."""
        ...

    def take_notices(self) -> list[str]:
        """Notices/warnings the server sent since the last call."""
        ...

    def clone(self) -> Driver:
        """A second, independent connection to the same target (for catalog loading)."""
        ...

    def set_read_only(self) -> None:
        """Make this session read-only on the server side."""
        ...

    def reconnect(self) -> None: ...

    def close(self) -> None: ...
