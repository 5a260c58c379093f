"""MySQL / MariaDB through PyMySQL (imported only when such a target is opened).

Rows stream through PyMySQL's unbuffered ``SSCursor``. Dates and times are left as
the server's text (as the ``mariadb`` client prints them). Cancelling runs
``KILL QUERY <id>`` from a second connection, opened only when first needed.
Connections read through a 128 KiB buffer (PyMySQL's is 8 KiB), and PyMySQL is imported
without ``cryptography`` until a login needs it (``mysql_import``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from pgcli_like.drivers import PasswordPrompt
from pgcli_like.drivers.base import (
    ColumnInfo,
    ConnectionError_,
    ConnectionTarget,
    DatabaseError,
    ResultStream,
    TransactionState,
    ValueKind,
)
from pgcli_like.drivers.mysql_import import import_pymysql
from pgcli_like.drivers.server import ServerDriver
from pgcli_like.drivers.streaming import FetchResult
from pgcli_like.statements import command_tag, single_table, status_line

import_pymysql()  # first: PyMySQL without cryptography until a login needs it (a sixth of start-up)

import pymysql  # noqa: E402
import pymysql.cursors  # noqa: E402
from pymysql.constants import FIELD_TYPE, SERVER_STATUS  # noqa: E402

# Shared with the CSV/TSV exporter.
from pgcli_like.drivers.mysql_connect import _connect_args, conversions, login, login_failure  # noqa: E402
from pgcli_like.drivers.mysql_errors import error_text, server_error  # noqa: E402
from pgcli_like.drivers.mysql_rows import fast_rows, fetch_rows  # noqa: E402 - it imports PyMySQL

_TYPE_NAMES = {v: k.lower() for k, v in vars(FIELD_TYPE).items() if k.isupper() and isinstance(v, int)}
_NUMBER = {FIELD_TYPE.DECIMAL, FIELD_TYPE.NEWDECIMAL, FIELD_TYPE.TINY, FIELD_TYPE.SHORT, FIELD_TYPE.LONG,
           FIELD_TYPE.FLOAT, FIELD_TYPE.DOUBLE, FIELD_TYPE.LONGLONG, FIELD_TYPE.INT24, FIELD_TYPE.YEAR}
_BLOBS = {FIELD_TYPE.TINY_BLOB, FIELD_TYPE.MEDIUM_BLOB, FIELD_TYPE.LONG_BLOB, FIELD_TYPE.BLOB,
          FIELD_TYPE.VAR_STRING, FIELD_TYPE.STRING, FIELD_TYPE.VARCHAR}
_BINARY_CHARSET = 63
_CONVERSIONS = conversions()  # dates and times kept as the server's text
def _open(target: ConnectionTarget, password: str | None,
          password_prompt: PasswordPrompt | None) -> tuple[pymysql.Connection, str | None]:
    try:
        conn = login(_connect_args(target, password))
        _widen_read_buffer(conn)
        return conn, password
    except pymysql.err.OperationalError as err:
        code = err.args[0] if err.args else 0
        if code == 1045 and not password and password_prompt is not None:
            password = password_prompt(f"Password for user {target.user or 'root'}: ")
            if password:
                return _open(target, password, None)
        raise ConnectionError_(f"cannot connect to MySQL/MariaDB: {login_failure(err)}") from None
    except (pymysql.err.MySQLError, OSError) as err:
        raise ConnectionError_(f"cannot connect to MySQL/MariaDB: {login_failure(err)}") from None


# PyMySQL reads through an 8 KiB buffer: the rows of a 100,000-row result cross its edge
# a thousand times, each a system call and a row read the slow way. 128 KiB: a few dozen.
_READ_BUFFER = 1 << 17


def _widen_read_buffer(conn: pymysql.Connection) -> None:
    """Give ``conn`` a larger read buffer. Only right after connecting, when the server has
    answered everything asked so far and the old buffer holds nothing unread."""
    sock = getattr(conn, "_sock", None)
    old = getattr(conn, "_rfile", None)
    if sock is None or old is None:
        return
    conn._rfile = sock.makefile("rb", buffering=_READ_BUFFER)
    old.close()  # only the file object: the socket stays open for the new one


class MysqlDriver(ServerDriver):
    """One PyMySQL connection in autocommit mode."""

    engine = "mysql"

    def __init__(self, target: ConnectionTarget, conn: pymysql.Connection, password: str | None) -> None:
        super().__init__(target, password)
        self._conn = conn
        self._killer: pymysql.Connection | None = None
        self._pending: pymysql.cursors.SSCursor | None = None  # a CALL's further result sets
        self._pending_sql = ""
        self._active: FetchResult | None = None  # the result whose rows are being read
        self._killer_lock = threading.Lock()
        self._database = target.database

    @classmethod
    def connect(cls, target: ConnectionTarget, *, password_prompt: PasswordPrompt | None = None) -> MysqlDriver:
        """Connect, asking ``password_prompt`` once if access is denied without a password."""
        conn, password = _open(target, target.password, password_prompt)
        return cls(target, conn, password)

    @property
    def server_version(self) -> str:
        # MariaDB prefixes "5.5.5-" for old replication clients; users know it without.
        return self._conn.get_server_info().removeprefix("5.5.5-")

    @property
    def transaction_state(self) -> TransactionState:
        status = self._conn.server_status or 0
        return "in_transaction" if status & SERVER_STATUS.SERVER_STATUS_IN_TRANS else "idle"

    @property
    def current_database(self) -> str | None:
        return self._database

    @property
    def connection_id(self) -> int:
        return self._conn.thread_id()

    def execute(self, sql: str, params: Sequence[object] | None = None) -> ResultStream:
        """Run one statement; rows are read from the server as they are consumed.

        A statement with several result sets (``CALL``) gives the first here and the
        others from ``next_result()``.
        """
        self._drop_pending()
        cur = self._conn.cursor(pymysql.cursors.SSCursor)
        try:
            cur.execute(sql, tuple(params) if params is not None else None)
        except (pymysql.err.MySQLError, OSError) as err:
            self._safe_close(cur)
            raise self._error(err, sql) from None
        tag = command_tag(sql, "mysql")
        if tag in ("USE", "DROP DATABASE", "DROP SCHEMA"):
            self._database = self._query_value("SELECT DATABASE()")
        return self._result(cur, sql, tag)

    def next_result(self) -> ResultStream | None:
        """The next result set of the last statement (``CALL`` of a procedure), or None."""
        if self._active is not None and self._pending is None:
            self._drop_pending()  # the last result was not read to its end: nothing follows it
        self._active = None
        cur, self._pending = self._pending, None
        if cur is None:
            return None
        sql = self._pending_sql
        try:
            more = cur.nextset()
        except (pymysql.err.MySQLError, OSError) as err:
            self._safe_close(cur)
            raise self._error(err, sql) from None
        if not more:
            self._done_with(cur)
            return None
        if not cur.description:
            # The OK packet that ends a CALL: nothing to show, but there may be more after it.
            self._pending = cur if self._has_next(cur) else None
            if self._pending is None:
                self._done_with(cur)
            return self.next_result()
        return self._result(cur, sql, "SELECT")

    def _result(self, cur: pymysql.cursors.SSCursor, sql: str, tag: str) -> ResultStream:
        if not cur.description:
            affected = cur.rowcount
            self._finish_cursor(cur, sql)
            return FetchResult([], lambda size: [], lambda n: status_line(tag, affected, False), done=True)
        fields = getattr(getattr(cur, "_result", None), "fields", None) or ()
        charsets = [getattr(f, "charsetnr", None) for f in fields] or [None] * len(cur.description)
        columns = [self._column(d, charset) for d, charset in zip(cur.description, charsets, strict=False)]
        fast_rows(cur)

        def fetch(size: int) -> list[tuple]:
            try:
                return fetch_rows(cur, size)
            except (pymysql.err.MySQLError, OSError) as err:
                self._safe_close(cur)
                raise self._error(err, sql) from None

        def finish(count: int) -> str:
            self._finish_cursor(cur, sql)
            return status_line(tag, count, True)

        def stop() -> None:
            # An unbuffered result must be drained before the connection is reused;
            # KILL QUERY makes the server stop sending the rest.
            self.cancel()
            self._safe_close(cur)

        first = fetch(1000)
        self._active = FetchResult(columns, fetch, finish, first=first, stop=stop,
                                   table_name=single_table(sql, "mysql"))
        return self._active

    @staticmethod
    def _has_next(cur: pymysql.cursors.SSCursor) -> bool:
        # PyMySQL keeps the server's "more results exist" flag on its (private) result object.
        if cur.connection is None:  # closed early (row limit, Ctrl-C): the rest was drained
            return False
        return bool(getattr(getattr(cur, "_result", None), "has_next", False))

    def _finish_cursor(self, cur: pymysql.cursors.SSCursor, sql: str) -> None:
        """A result set was read to its end: keep the cursor if more sets follow."""
        if self._has_next(cur):
            self._pending, self._pending_sql = cur, sql
        else:
            self._done_with(cur)

    def _done_with(self, cur: pymysql.cursors.SSCursor) -> None:
        self._collect_warnings(cur)
        self._safe_close(cur)

    def _drop_pending(self) -> None:
        """Rows and result sets nobody read are stopped and dropped (the protocol needs that)."""
        active, self._active = self._active, None
        if active is not None:
            active.close()
        cur, self._pending = self._pending, None
        if cur is not None:
            self._safe_close(cur)

    @staticmethod
    def _column(desc: tuple, charset: int | None = None) -> ColumnInfo:
        """One column; ``charset`` is the field's character set number (63: binary data)."""
        name, type_code, _, _, _, _, _ = desc[:7]
        type_name = _TYPE_NAMES.get(type_code, "")
        kind: ValueKind = "other"
        if type_code in _NUMBER:
            kind = "number"
        elif type_code == FIELD_TYPE.JSON:
            kind = "json"
        elif type_code in _BLOBS:
            # Binary strings (BLOB, VARBINARY, BINARY) arrive as bytes; text as str.
            binary = charset == _BINARY_CHARSET
            kind = "binary" if binary else "text"
            if binary:
                type_name = {"var_string": "varbinary", "string": "binary"}.get(type_name, type_name)
        return ColumnInfo(str(name), type_name, kind)

    def _safe_close(self, cur: pymysql.cursors.Cursor) -> None:
        """Read what is left of every result set, then close (PyMySQL's close leaves a
        second unbuffered set unread, and the connection could not be used again)."""
        try:
            while cur.connection is not None:
                if cur.description:
                    for _row in cur.fetchall_unbuffered():
                        pass
                if not cur.nextset():
                    break
        except (pymysql.err.MySQLError, OSError):
            pass  # a killed query ends its result with an error: nothing more to read
        try:
            cur.close()
        except (pymysql.err.MySQLError, OSError):
            pass

    def _collect_warnings(self, cur: pymysql.cursors.Cursor) -> None:
        if not getattr(cur, "warning_count", 0):
            return
        try:
            with self._conn.cursor() as wcur:
                wcur.execute("SHOW WARNINGS")
                for level, code, message in wcur.fetchall():
                    self._notices.append(f"{level} ({code}): {message}")
        except pymysql.err.MySQLError:
            pass

    def _query_value(self, sql: str) -> str | None:
        try:
            with self._conn.cursor() as cur:
                cur.execute(sql)
                row = cur.fetchone()
            return row[0] if row else None
        except pymysql.err.MySQLError:
            return self._database

    def _error(self, err: Exception, sql: str) -> DatabaseError:
        code = err.args[0] if err.args and isinstance(err.args[0], int) else 0
        lost = isinstance(err, (pymysql.err.InterfaceError, OSError)) or not self._conn.open
        return server_error(code, error_text(err), sql, lost=lost)

    def cancel(self) -> None:
        """``KILL QUERY`` the running statement from a second connection (thread-safe)."""
        with self._killer_lock:
            try:
                if self._killer is None or not self._killer.open:
                    self._killer = _open(self.target, self._password, None)[0]
                with self._killer.cursor() as cur:
                    cur.execute(f"KILL QUERY {int(self._conn.thread_id())}")
            except (pymysql.err.MySQLError, ConnectionError_, OSError):
                self._killer = None

    def clone(self) -> MysqlDriver:
        """A second connection with the same credentials (no password prompt)."""
        target = self.target
        if self._database != target.database:
            from dataclasses import replace

            target = replace(target, database=self._database)
        clone = MysqlDriver(target, _open(target, self._password, None)[0], self._password)
        if self._read_only:
            clone.set_read_only()
        return clone

    def set_read_only(self) -> None:
        """Every later transaction of this session is READ ONLY on the server."""
        self._read_only = True
        with self._conn.cursor() as cur:
            cur.execute("SET SESSION TRANSACTION READ ONLY")

    def reconnect(self) -> None:
        """Open a fresh connection to the current database; read-only is applied again."""
        self._safe_close_conn(self._conn)
        target = self.target
        if self._database and self._database != target.database:
            from dataclasses import replace

            target = replace(target, database=self._database)
        self._conn = _open(target, self._password, None)[0]
        if self._read_only:
            self.set_read_only()

    @staticmethod
    def _safe_close_conn(conn: pymysql.Connection | None) -> None:
        if conn is None:
            return
        try:
            conn.close()
        except (pymysql.err.MySQLError, OSError):
            pass

    def close(self) -> None:
        self._safe_close_conn(self._conn)
        self._safe_close_conn(self._killer)
        self._killer = None
