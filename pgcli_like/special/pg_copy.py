"""Streaming ``COPY … TO STDOUT`` / ``COPY … FROM STDIN`` over a psycopg 3 connection.

The PostgreSQL driver's ``copy_to``/``copy_from`` methods hand their connection here, so
``\\copy`` never holds a whole table in memory: data moves in chunks between the server
and a file, pipe or terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pgcli_like.drivers.base import DatabaseError

_CHUNK = 64 * 1024


def _error(err: Any) -> DatabaseError:
    """The server's message plus its CONTEXT (which names the bad input line of a COPY FROM)."""
    from pgcli_like.drivers.postgres import verbose_fields

    diag = getattr(err, "diag", None)
    message = (getattr(diag, "message_primary", None) or str(err)).strip()
    context = getattr(diag, "context", None)
    return DatabaseError(message, sqlstate=getattr(diag, "sqlstate", None),
                         detail=(context or "").strip() or getattr(diag, "message_detail", None),
                         **verbose_fields(diag))


def copy_out(conn: Any, sql: str, write: Callable[[bytes], object]) -> int:
    """Run ``COPY … TO STDOUT`` on ``conn``, passing each chunk to ``write``; returns the row count."""
    import psycopg

    pending = bytearray()
    try:
        with conn.cursor() as cur:
            with cur.copy(sql) as copy:
                # The server sends a message per row: gather them so the sink sees few, large writes.
                for chunk in copy:
                    pending += chunk
                    if len(pending) >= _CHUNK:
                        write(bytes(pending))
                        pending.clear()
            if pending:
                write(bytes(pending))
            return max(cur.rowcount, 0)
    except psycopg.Error as err:
        raise _error(err) from None


def copy_in(conn: Any, sql: str, chunks: Iterable[bytes]) -> int:
    """Run ``COPY … FROM STDIN`` on ``conn`` feeding it ``chunks``; returns the row count.

    COPY is one statement, so a bad line makes the server reject all of it: no partial rows.
    """
    import psycopg

    try:
        with conn.cursor() as cur:
            with cur.copy(sql) as copy:
                for chunk in chunks:
                    copy.write(chunk)
            return max(cur.rowcount, 0)
    except psycopg.Error as err:
        raise _error(err) from None
