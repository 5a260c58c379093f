"""PostgreSQL rows as CSV/TSV through libpq alone (the ``_pg_copy`` accelerator), no psycopg.

The normal path (``drivers.postgres_cursor``) hands an eligible query to the server's
``COPY … TO STDOUT (FORMAT csv)`` and writes the header itself. This does the same from
C: it describes the statement without running it, builds the very same COPY statement
(``drivers.postgres_rules.copy_sql``) and the same header (``formatting.delimited``),
and lets libpq's rows go straight to the file descriptor. Wherever the normal path would
not use COPY — or anything is in doubt — it returns None having written nothing.
"""

from __future__ import annotations

import sys

from pgcli_like.drivers.base import (
    ColumnInfo,
    ConnectionError_,
    ConnectionLost,
    ConnectionTarget,
    DatabaseError,
    QueryCancelled,
)
from pgcli_like.drivers.postgres_rules import (
    BUILTIN_TYPE_NAMES,
    conninfo_params,
    conninfo_string,
    copy_sql,
    streams_rows,
)
from pgcli_like.export import NotConnected
from pgcli_like.native import load
from pgcli_like.statements import split_meta, split_statements

_CANCELED = "57014"  # query_canceled: Ctrl-C elsewhere, statement_timeout
_ADMIN_SHUTDOWN = "57P01"


def export_postgres(target: ConnectionTarget, sql: str, delimiter: str, fd: int) -> int | None:
    """Write ``sql``'s rows to ``fd`` as the normal path's CSV (``","``) or TSV (``"\\t"``).

    Returns the row count; None having written nothing when the normal path must run
    instead. Raises DatabaseError for a server error once the COPY ran (never run twice),
    KeyboardInterrupt on Ctrl-C (the query cancelled on the server), BrokenPipeError
    (OSError) when ``fd`` stopped taking output; NotConnected on Ctrl-C while connecting and
    ConnectionError_ when the connection timed out (trying again would double the wait).
    Notices go to stderr as the driver's do.
    """
    if delimiter not in (",", "\t") or target.engine != "postgresql":
        return None
    statement = _one_statement(sql)
    if statement is None or not streams_rows(statement):
        return None
    native = load("_pg_copy")
    if native is None:
        return None
    conninfo = conninfo_string(conninfo_params(target, target.password))
    offset = 0

    def build(described: list[tuple[str, int]]) -> tuple[str, bytes] | None:
        nonlocal offset
        columns = []
        for name, oid in described:
            type_name = BUILTIN_TYPE_NAMES.get(oid)
            if type_name is None:
                return None  # the driver would look the type up: let it decide
            columns.append(ColumnInfo(name, type_name, "other"))
        made = copy_sql(statement, columns, delimiter)
        if made is None:
            return None
        from pgcli_like.formatting.quoting import header_record  # (only once the COPY is ours)

        copy, offset = made
        return copy, header_record([c.name for c in columns], delimiter).encode("utf-8")

    notices: list[str] = []
    try:
        result = native.export(conninfo, statement, build, fd, notices)
    except BaseException:
        _print_notices(notices)  # (as the driver's: shown before the error or the cancel)
        raise
    if result is None:
        return None  # the normal path runs the statement again and shows its notices
    if result == "interrupted":
        raise NotConnected
    if result == "timeout":
        if not _one_attempt(conninfo_params(target, target.password)):
            return None  # psycopg gives each host or address the whole timeout: it decides
        # psycopg's words for it, as the normal path would print them after the same wait.
        raise ConnectionError_("cannot connect to PostgreSQL: connection timeout expired")
    _print_notices(notices)
    if isinstance(result, tuple):
        raise _error(result, statement, offset)
    return result


def _one_attempt(params: dict[str, object]) -> bool:
    """True when psycopg would make exactly one connection attempt, as libpq's did (one
    host, one address): a timeout here is then the timeout there."""
    import os

    def param(key: str, env: str) -> str:
        return str(params.get(key) or os.environ.get(env) or "")

    if param("service", "PGSERVICE") or param("target_session_attrs", "PGTARGETSESSIONATTRS") == "prefer-standby":
        return False
    host, hostaddr = param("host", "PGHOST"), param("hostaddr", "PGHOSTADDR")
    if "," in host or "," in hostaddr:
        return False
    if not host or host.startswith("/") or host[1:2] == ":" or hostaddr:
        return True  # a socket directory, or an address already given
    import ipaddress
    import socket

    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    port = param("port", "PGPORT") or "5432"
    try:
        return len(socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP, type=socket.SOCK_STREAM)) == 1
    except OSError:
        return False


def _one_statement(sql: str) -> str | None:
    """The statement as the session hands it to the driver (no `;`, no surrounding space);
    None when ``sql`` is not exactly one plain SQL statement."""
    statements = split_statements(sql)
    if len(statements) != 1:
        return None
    statement, meta = split_meta(statements[0])
    return statement if meta is None and statement else None


def _print_notices(notices: list[str]) -> None:
    for line in notices:
        try:
            print(line, file=sys.stderr, flush=True)
        except (BrokenPipeError, ValueError):
            return


def _error(fields: tuple, sql: str, offset: int) -> DatabaseError:
    """The DatabaseError the driver would raise for the server's error fields."""
    (message, sqlstate, detail, hint, context, position, internal_query, internal_position,
     full, lost) = fields
    if not message:
        lines = [line.strip() for line in full.strip().splitlines() if line.strip()]
        message = lines[-1] if lines else "the server reported an error"
    if sqlstate == _CANCELED:
        return QueryCancelled(message, sqlstate=sqlstate)
    if lost or sqlstate == _ADMIN_SHUTDOWN:
        return ConnectionLost(message or "the connection to the server was lost", sqlstate=sqlstate)
    where = None
    if position and position.isdigit():
        where = int(position) - 1 - offset
        where = where if 0 <= where <= len(sql) else None
    internal = int(internal_position) - 1 if internal_position and internal_position.isdigit() else None
    return DatabaseError(message, position=where, sqlstate=sqlstate, detail=detail, hint=hint, context=context,
                         internal_query=internal_query, internal_position=internal)
