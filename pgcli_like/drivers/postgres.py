"""PostgreSQL through psycopg 3 (imported only when a PostgreSQL target is opened).

The connection is in autocommit mode, as psql is: BEGIN/COMMIT are the user's.
Row-returning queries are streamed through a server-side cursor (``DECLARE …
FETCH``) so a million-row SELECT never sits in memory; when the user is not in a
transaction the cursor lives in a short implicit one that is committed (or rolled
back on error) when the rows are read. Everything else runs as a plain statement.

Values of dates, times, intervals, UUIDs, JSON, arrays, ranges … arrive as the
server's own text (as psql prints them); numbers stay int/Decimal/float, booleans
bool and bytea bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus
from psycopg.types.string import TextLoader

from pgcli_like.drivers import PasswordPrompt
from pgcli_like.drivers.base import (
    ColumnInfo,
    ConnectionError_,
    ConnectionLost,
    ConnectionTarget,
    DatabaseError,
    QueryCancelled,
    ResultStream,
    TransactionState,
    ValueKind,
)
from pgcli_like.drivers.postgres_rules import conninfo_params, streams_rows
from pgcli_like.drivers.server import ServerDriver
from pgcli_like.drivers.streaming import FetchResult
from pgcli_like.statements import single_table

_NATIVE = {"int2", "int4", "int8", "oid", "float4", "float8", "numeric", "bool", "bytea"}
# pg_type.typcategory of types psycopg does not know (extension types such as citext).
_CATEGORY_KINDS: dict[str, ValueKind] = {"N": "number", "S": "text", "B": "bool"}
_KINDS: dict[str, ValueKind] = {
    **dict.fromkeys(("int2", "int4", "int8", "oid", "float4", "float8", "numeric"), "number"),
    "bool": "bool",
    "bytea": "binary",
    "json": "json",
    "jsonb": "json",
    **dict.fromkeys(("text", "varchar", "bpchar", "name", '"char"', "char", "citext"), "text"),
}


def _conninfo(target: ConnectionTarget, password: str | None) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo("", **conninfo_params(target, password))


def _wants_password(err: Exception) -> bool:
    text = str(err)
    return "no password supplied" in text or "password authentication failed" in text


def _one_line(err: Exception) -> str:
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    return lines[-1] if lines else type(err).__name__


# Diagnostic fields kept for psql's verbose error form (\\errverbose); psycopg names them as
# DatabaseError's keywords do.
_VERBOSE_FIELDS = ("severity", "schema_name", "table_name", "column_name", "datatype_name",
                   "constraint_name", "source_file", "source_line", "source_function")


def verbose_fields(diag: Any) -> dict[str, str | None]:
    """DatabaseError keywords for the verbose-only fields of a psycopg ``Diagnostic``."""
    return {name: getattr(diag, name, None) for name in _VERBOSE_FIELDS}


# psycopg's own words before libpq's message ("connection failed: connection to server …").
_PSYCOPG_PREFIXES = ("connection failed: ", "connection is bad: ")


def _connect_failure(err: Exception) -> str:
    """libpq's whole message on one line: each failed address, then its hint.

    libpq says what failed on one line and why on the next (``Connection refused`` /
    ``Is the server running …?``); the last line alone would hide the cause.
    """
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    if not lines:
        return type(err).__name__
    for prefix in _PSYCOPG_PREFIXES:
        if lines[0].startswith(prefix):
            lines[0] = lines[0][len(prefix):]
    return " — ".join(lines)


def _open(target: ConnectionTarget, password: str | None,
          password_prompt: PasswordPrompt | None) -> tuple[psycopg.Connection, str | None]:
    """The connection and the password that opened it (asked for at most once)."""
    try:
        return psycopg.connect(_conninfo(target, password), autocommit=True), password
    except psycopg.OperationalError as err:
        if password is None and password_prompt is not None and _wants_password(err):
            password = password_prompt(f"Password for user {target.user or 'the server'}: ")
            if password:
                return _open(target, password, None)
        raise ConnectionError_(f"cannot connect to PostgreSQL: {_connect_failure(err)}") from None
    except psycopg.Error as err:
        raise ConnectionError_(f"cannot connect to PostgreSQL: {_connect_failure(err)}") from None


class PostgresDriver(ServerDriver):
    """One psycopg connection in autocommit mode."""

    engine = "postgresql"

    def __init__(self, target: ConnectionTarget, conn: psycopg.Connection, password: str | None) -> None:
        super().__init__(target, password)
        self._conn = conn
        self._type_names: dict[int, tuple[str, ValueKind]] = {}  # types psycopg does not know, by OID
        self._last_stream: Any = None  # the last CursorResult handed out (closed if dropped unread)
        self._setup()

    @classmethod
    def connect(cls, target: ConnectionTarget, *, password_prompt: PasswordPrompt | None = None) -> PostgresDriver:
        """Connect, asking ``password_prompt`` once if the server wants a password."""
        conn, password = _open(target, target.password, password_prompt)
        return cls(target, conn, password)

    def _setup(self) -> None:
        from psycopg.postgres import types

        adapters = self._conn.adapters
        for info in types:
            if info.name not in _NATIVE:
                adapters.register_loader(info.oid, TextLoader)
            if info.array_oid:
                adapters.register_loader(info.array_oid, TextLoader)
        self._conn.add_notice_handler(self._on_notice)
        self._conn.add_notify_handler(self._on_notify)
        if self._read_only:
            self._conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    def _on_notice(self, diag: pg_errors.Diagnostic) -> None:
        self._notices.append(f"{diag.severity or 'NOTICE'}:  {diag.message_primary or ''}")

    def _on_notify(self, notify: psycopg.Notify) -> None:
        # Delivered with the next statement's results, as psql does after LISTEN.
        payload = f' with payload "{notify.payload}"' if notify.payload else ""
        self._notices.append(f'Asynchronous notification "{notify.channel}"{payload} received from '
                             f"server process with PID {notify.pid}.")

    # -- state -------------------------------------------------------------------------------
    @property
    def server_version(self) -> str:
        return self._conn.info.parameter_status("server_version") or str(self._conn.info.server_version)

    @property
    def transaction_state(self) -> TransactionState:
        status = self._conn.info.transaction_status
        if status == TransactionStatus.INERROR:
            return "failed"
        if status in (TransactionStatus.INTRANS, TransactionStatus.ACTIVE):
            return "in_transaction"
        return "idle"

    @property
    def current_database(self) -> str | None:
        return self._conn.info.dbname

    @property
    def is_superuser(self) -> bool:
        """True when the session user is a superuser (the prompt then ends with ``#``)."""
        return self._conn.info.parameter_status("is_superuser") == "on"

    @property
    def backend_pid(self) -> int:
        return self._conn.info.backend_pid

    # -- running -----------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[object] | None = None) -> ResultStream:
        """Run one statement; SELECTs stream through a server-side cursor."""
        if self._conn.closed:
            raise ConnectionLost("the connection to the server was lost")
        self._drop_unread()
        if streams_rows(sql):
            return self._stream(sql, params)
        cur = self._conn.cursor()
        try:
            cur.execute(sql, params)  # type: ignore[arg-type]
        except psycopg.Error as err:
            cur.close()
            raise self._error(err, sql) from None
        status = cur.statusmessage or ""
        if cur.description is None:
            cur.close()
            return FetchResult([], lambda size: [], lambda n: status, done=True)

        def finish(count: int) -> str:
            cur.close()
            return status

        return FetchResult(self._columns(cur), cur.fetchmany, finish, stop=cur.close)

    def _stream(self, sql: str, params: Sequence[object] | None) -> ResultStream:
        from pgcli_like.drivers.postgres_cursor import CursorResult

        implicit = self._conn.info.transaction_status == TransactionStatus.IDLE
        result = CursorResult(self._conn, sql, params, implicit=implicit, describe=self._columns,
                              make_error=self._error, table_name=single_table(sql))
        self._last_stream = result
        return result

    def _drop_unread(self) -> None:
        """A streamed result dropped before anyone read it would keep its cursor and our
        implicit transaction open (the next statement would then seem to run inside the
        user's transaction): close it. One being read is left alone."""
        last, self._last_stream = self._last_stream, None
        if last is not None and last.unread:
            last.close()

    def _columns(self, cur: psycopg.Cursor) -> list[ColumnInfo]:
        types = self._conn.adapters.types
        description = cur.description or ()
        unknown = [col.type_code for col in description if types.get(col.type_code) is None
                   and col.type_code not in self._type_names]
        if unknown:
            self._look_up_types(unknown)
        out = []
        for col in description:
            info = types.get(col.type_code)
            if info is None:
                name, kind = self._type_names.get(col.type_code, ("", "other"))
                out.append(ColumnInfo(col.name, name, kind))
                continue
            name = info.name.strip('"')
            kind: ValueKind = _KINDS.get(name, "other")
            if col.type_code == info.array_oid:
                name, kind = name + "[]", "other"
            out.append(ColumnInfo(col.name, name, kind))
        return out

    def _look_up_types(self, oids: list[int]) -> None:
        """Names of types psycopg does not know (enums, composites, extension types, their
        arrays), asked once per type and kept for the connection's life."""
        sql = ("SELECT t.oid::int, CASE WHEN e.oid IS NOT NULL AND t.typcategory = 'A' THEN e.typname || '[]' "
               "ELSE t.typname END, t.typtype, t.typcategory FROM pg_catalog.pg_type t "
               "LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem WHERE t.oid = ANY(%s)")
        try:
            with self._conn.cursor() as cur:
                cur.execute(sql, (oids,))
                for oid, name, typtype, category in cur.fetchall():
                    kind: ValueKind = "text" if typtype == "e" else _CATEGORY_KINDS.get(category, "other")
                    self._type_names[oid] = (name, kind)
        except psycopg.Error:
            pass  # (a failed transaction refuses every query): the columns just show no type
        for oid in oids:
            self._type_names.setdefault(oid, ("", "other"))

    def _error(self, err: psycopg.Error, sql: str, offset: int = 0) -> DatabaseError:
        diag = err.diag
        message = diag.message_primary or _one_line(err)
        verbose = verbose_fields(diag)
        if isinstance(err, pg_errors.QueryCanceled):
            return QueryCancelled(message, sqlstate=diag.sqlstate, **verbose)
        if self._conn.closed or self._conn.broken or isinstance(err, pg_errors.AdminShutdown):
            return ConnectionLost(message or "the connection to the server was lost", sqlstate=diag.sqlstate,
                                  **verbose)
        position = None
        if diag.statement_position:
            position = int(diag.statement_position) - 1 - offset
            position = position if 0 <= position <= len(sql) else None
        internal = int(diag.internal_position) - 1 if diag.internal_position else None
        return DatabaseError(message, position=position, sqlstate=diag.sqlstate,
                             detail=diag.message_detail, hint=diag.message_hint, context=diag.context,
                             internal_query=diag.internal_query, internal_position=internal, **verbose)

    def cancel(self) -> None:
        """Send a cancel request for the running statement (thread-safe)."""
        try:
            cancel = getattr(self._conn, "cancel_safe", None) or self._conn.cancel
            cancel()
        except psycopg.Error:
            pass

    # -- COPY (\copy streams through these; added by the special-commands part) ---------------
    def copy_to(self, sql: str, write: Callable[[bytes], object]) -> int:
        """Run ``COPY … TO STDOUT``, passing each chunk of data to ``write``; returns the row count."""
        from pgcli_like.special.pg_copy import copy_out

        return copy_out(self._conn, sql, write)

    def copy_from(self, sql: str, chunks: Iterable[bytes]) -> int:
        """Run ``COPY … FROM STDIN`` fed by ``chunks``; all or nothing; returns the row count."""
        from pgcli_like.special.pg_copy import copy_in

        return copy_in(self._conn, sql, chunks)

    # -- connection --------------------------------------------------------------------------
    def clone(self) -> PostgresDriver:
        """A second connection with the same credentials (no password prompt)."""
        clone = PostgresDriver(self.target, _open(self.target, self._password, None)[0], self._password)
        if self._read_only:
            clone.set_read_only()
        return clone

    def set_read_only(self) -> None:
        """Every later transaction of this session is READ ONLY on the server."""
        self._read_only = True
        self._conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    def password_statement(self, user: str, password: str) -> str:
        """``ALTER USER … PASSWORD '…'`` carrying only the verifier libpq makes of ``password``
        (SCRAM or MD5, as the server's password_encryption says, asked as psql asks): the
        password itself never leaves the client. Raises DatabaseError when libpq cannot."""
        from psycopg import sql

        try:
            verifier = self._conn.pgconn.encrypt_password(password.encode(), user.encode(), None).decode()
        except psycopg.Error as err:
            raise DatabaseError(f"could not encrypt the password: {_one_line(err)}") from None
        statement = sql.SQL("ALTER USER {} PASSWORD {}").format(sql.Identifier(user), sql.Literal(verifier))
        return statement.as_string(self._conn)

    def reconnect(self) -> None:
        """Open a fresh connection; session settings (read-only) are applied again."""
        self.close()
        self._conn = _open(self.target, self._password, None)[0]
        self._setup()

    def close(self) -> None:
        try:
            self._conn.close()
        except psycopg.Error:
            pass
