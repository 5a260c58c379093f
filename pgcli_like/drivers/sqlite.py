"""SQLite through the standard library's ``sqlite3``.

The connection runs in autocommit mode (``isolation_level=None``) so that, as in the
``sqlite3`` shell, BEGIN/COMMIT are the user's to type.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from pgcli_like.drivers.base import (
    ColumnInfo,
    ConnectionError_,
    ConnectionTarget,
    DatabaseError,
    QueryCancelled,
    ResultStream,
    TransactionState,
    ValueKind,
)
from pgcli_like.drivers.streaming import FetchResult
from pgcli_like.formatting.floats import FLOAT_TEXT
from pgcli_like.statements import command_tag, single_table, status_line, tokens

_NEAR = re.compile(r'near "((?:[^"]|"")*)"')
_NO_SUCH = re.compile(r"^no such (?:column|table|function): (\S+)")


def _kind_of(value: object) -> ValueKind | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, bytes):
        return "binary"
    return "text"


_STORAGE = {int: "integer", float: "real", str: "text", bytes: "blob"}


def _storage_class(rows: list[tuple], index: int) -> str:
    """What SQLite's ``typeof()`` says of the column's values in the first batch, when they
    agree (an expression or a view column has no declared type); else ""."""
    classes = {_STORAGE.get(type(row[index]), "") for row in rows[:200] if row[index] is not None}
    return classes.pop() if len(classes) == 1 else ""


def split_name(name: str) -> list[str]:
    """``schema.table`` (each part possibly quoted) as its unquoted parts."""
    parts = re.findall(r'"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([^.]+)', name)
    return [next(p for p in groups if p).replace('""', '"') if any(groups) else "" for groups in parts]


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def plain_select_columns(sql: str) -> set[str] | None:
    """The bare column names of a select list (``a, b AS c, f(d)`` → {a}); None for ``*``."""
    toks = [t for t in tokens(sql, "sqlite") if t.depth == 0]
    words = [t.text.upper() for t in toks]
    if "FROM" not in words or words[0] != "SELECT":
        return set()
    items: list[list[str]] = [[]]
    for tok, word in zip(toks[1:words.index("FROM")], words[1:words.index("FROM")], strict=True):
        if tok.text == ",":
            items.append([])
        elif word not in ("DISTINCT", "ALL"):
            items[-1].append(tok.text)
    if any(item == ["*"] for item in items):
        return None
    return {split_name(item[-1])[-1] for item in items if item and (len(item) == 1 or item[-2] == ".")}


def _locate(sql: str, token: str) -> int | None:
    """Where SQLite's ``near "TOKEN"`` points: the first whole-token occurrence."""
    if not token:
        return None
    m = re.search(r"(?<![\w])" + re.escape(token) + (r"(?![\w])" if token[-1:].isalnum() else ""), sql)
    if m:
        return m.start()
    idx = sql.find(token)
    return idx if idx >= 0 else None


def error_from(err: sqlite3.Error, sql: str) -> DatabaseError:
    """Our DatabaseError for an sqlite3 error, with the position of ``near "X"``."""
    message = str(err)
    if message == "interrupted":
        return QueryCancelled("canceling statement due to user request")
    position = None
    m = _NEAR.search(message)
    if m:
        position = _locate(sql, m.group(1).replace('""', '"'))
    elif (named := _NO_SUCH.match(message)) is not None:
        position = _locate(sql, named.group(1))
    elif "incomplete input" in message:
        position = len(sql.rstrip())
    code = getattr(err, "sqlite_errorname", None)
    return DatabaseError(message, position=position, sqlstate=code)


class SqliteDriver:
    """One SQLite connection (a file or ``:memory:``)."""

    engine = "sqlite"

    def __init__(self, target: ConnectionTarget) -> None:
        self.target = target
        self._read_only = dict(target.options).get("mode") == "ro"
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        path = self.target.database or ":memory:"
        if path != ":memory:" and not Path(path).expanduser().absolute().parent.is_dir():
            raise ConnectionError_(f"cannot open {path}: its directory does not exist")
        try:
            if path != ":memory:" and self._read_only:
                uri = Path(path).absolute().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            if self._read_only and path == ":memory:":
                conn.execute("PRAGMA query_only = 1")
            # Fail now, not at the first query, if the file is not a database.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as err:
            raise ConnectionError_(f"cannot open {path}: {err}") from None
        return conn

    @property
    def server_version(self) -> str:
        return sqlite3.sqlite_version

    @property
    def transaction_state(self) -> TransactionState:
        return "in_transaction" if self._conn.in_transaction else "idle"

    @property
    def current_database(self) -> str | None:
        return "main"

    def execute(self, sql: str, params: Sequence[object] | None = None) -> ResultStream:
        """Run one statement; the first batch is fetched now so errors surface here."""
        cur = self._conn.cursor()
        try:
            cur.execute(sql, tuple(params or ()))
            first = cur.fetchmany(1000) if cur.description else []
        except sqlite3.Error as err:
            cur.close()
            raise error_from(err, sql) from None
        tag = command_tag(sql, "sqlite")
        if not cur.description:
            rowcount = cur.rowcount
            if rowcount <= 0 and tag in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
                # sqlite3 counts rows only for statements that start with the verb, not WITH … DELETE.
                rowcount = self._conn.execute("SELECT changes()").fetchone()[0]
            cur.close()
            return FetchResult([], lambda size: [], lambda n: status_line(tag, rowcount, False), done=True)
        declared = self._declared_types(sql)
        columns = [ColumnInfo(d[0], declared.get(d[0]) or _storage_class(first, i), self._kind(first, i))
                   for i, d in enumerate(cur.description)]

        def fetch(size: int) -> list[tuple]:
            try:
                return cur.fetchmany(size)
            except sqlite3.Error as err:
                raise error_from(err, sql) from None

        def finish(count: int) -> str:
            cur.close()
            return status_line(tag, count, True)

        return FetchResult(columns, fetch, finish, first=first, stop=cur.close,
                           table_name=single_table(sql, "sqlite"))

    def _declared_types(self, sql: str) -> dict[str, str]:
        """Declared types (lower case) of the result columns that are plain columns of the one
        table a ``SELECT … FROM t`` reads (``SELECT *``, or the column's bare name in the list)."""
        table = single_table(sql, "sqlite")
        if table is None:
            return {}
        *schema, name = split_name(table)
        pragma = f"PRAGMA {quote_name(schema[0])}.table_xinfo({quote_name(name)})" if schema else \
            f"PRAGMA table_xinfo({quote_name(name)})"
        try:
            info = {row[1]: str(row[2] or "").lower() for row in self._conn.execute(pragma)}
        except sqlite3.Error:
            return {}
        plain = plain_select_columns(sql)
        # Float spellings of other engines (double, float8 …) would make the formatters write
        # that engine's float layout: SQLite gives them REAL affinity, so they are "real".
        return {col: "real" if typ in FLOAT_TEXT else typ for col, typ in info.items()
                if typ and (plain is None or col in plain)}

    @staticmethod
    def _kind(rows: list[tuple], index: int) -> ValueKind:
        kinds = {_kind_of(row[index]) for row in rows[:200]} - {None}
        return kinds.pop() if len(kinds) == 1 else ("text" if kinds else "other")

    def cancel(self) -> None:
        """Interrupt the running statement (sqlite3's interrupt is thread-safe)."""
        self._conn.interrupt()

    def take_notices(self) -> list[str]:
        return []

    def clone(self) -> SqliteDriver:
        """A second connection to the same file (a new empty database for ``:memory:``)."""
        return SqliteDriver(self.target)

    def set_read_only(self) -> None:
        """Reopen the file with ``mode=ro``; ``:memory:`` gets ``PRAGMA query_only``."""
        self._read_only = True
        if (self.target.database or ":memory:") == ":memory:":
            self._conn.execute("PRAGMA query_only = 1")
        else:
            self._conn.close()
            self._conn = self._open()

    def reconnect(self) -> None:
        self.close()
        self._conn = self._open()

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:
            pass
