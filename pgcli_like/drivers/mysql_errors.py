"""A MySQL/MariaDB server error as our DatabaseError: what the driver and the exporter share.

Pure (no PyMySQL): the exporter reads error packets itself and must word them exactly as
the driver words PyMySQL's exception for the same packet.
"""

from __future__ import annotations

import re

from pgcli_like.drivers.base import ConnectionLost, DatabaseError, QueryCancelled

_NEAR = re.compile(r"near '(.*)' at line (\d+)\s*$", re.S)
_NAMED = re.compile(r"^(?:Unknown column|Table|Unknown table|FUNCTION) '([^']+)'")
LOST_CODES = frozenset({2006, 2013, 2014, 2055, 1927, 4031})
CANCELLED_CODES = frozenset({1317, 3024, 1969})  # KILL QUERY, max_execution_time, max_statement_time


def error_text(err: Exception) -> str:
    """The server's (or PyMySQL's) message of ``err``, without its error number."""
    if len(err.args) >= 2:
        return str(err.args[1])
    return str(err) or type(err).__name__


def locate_near(sql: str, snippet: str, line: int) -> int | None:
    """0-based offset of MariaDB's ``near '…' at line N`` snippet in ``sql``."""
    lines = sql.split("\n")
    base = sum(len(x) + 1 for x in lines[: max(line - 1, 0)])
    if snippet == "":
        return len(sql.rstrip())
    found = sql.find(snippet, base)
    if found < 0:
        found = sql.find(snippet[:20])
    return found if found >= 0 else None


def locate_name(sql: str, name: str) -> int | None:
    """Offset of an identifier the server named (``db.t`` is found as ``db.t`` or ``t``)."""
    for candidate in (name, name.rsplit(".", 1)[-1]):
        m = re.search(r"(?<![\w`])`?" + re.escape(candidate) + r"`?(?![\w])", sql, re.I)
        if m:
            return m.start()
    return None


def server_error(code: int, message: str, sql: str, *, lost: bool = False) -> DatabaseError:
    """The error for the server's ``code`` and ``message`` about ``sql``, pointing into
    ``sql`` where the message names a place; ``lost``: the connection is gone."""
    if code in CANCELLED_CODES:
        return QueryCancelled(message, sqlstate=str(code))
    if code in LOST_CODES or lost:
        return ConnectionLost(message or "the connection to the server was lost", sqlstate=str(code or ""))
    position = None
    m = _NEAR.search(message)
    if m:
        position = locate_near(sql, m.group(1), int(m.group(2)))
    elif (named := _NAMED.match(message)) is not None:
        # `Unknown column 'x'`, `Table 'db.t' doesn't exist`: point at the name.
        position = locate_name(sql, named.group(1))
    return DatabaseError(message, position=position, sqlstate=str(code) if code else None)
