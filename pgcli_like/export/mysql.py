"""CSV/TSV export of one MySQL/MariaDB query: a login and the query in Python, the rows in C.

The login is ``mysql_wire``'s small client where PyMySQL would not use TLS either (a local
server: most exports, and no PyMySQL import), PyMySQL otherwise; both log in exactly as
the driver does (``drivers/mysql_connect``). The query is sent, its column definitions
read, and the row packets that follow are read from the socket in large chunks and turned
into CSV/TSV by ``pgcli_like.native._mysql_text``, which reproduces what the normal path
(PyMySQL's converters, then ``formatting/values.py`` and ``delimited.py``) writes for each
column: see the C file's header for the column kinds.

Only plain queries are run here (a statement starting SELECT, VALUES, TABLE or WITH, with
no word that could make it write: INTO, INSERT, UPDATE, …), because returning None makes
the caller run the statement again on the normal path. None is returned, having written
nothing, for anything else: no native module, a login that fails (a password to ask for),
a column type not listed here, a lost connection before the first byte. The server's error
for the statement is reported here, as the driver words it, whenever it comes: the
statement ran (or may have), and running it again could repeat what it did.
"""

from __future__ import annotations

import os
import re
import sys

from pgcli_like.drivers.base import ConnectionLost, ConnectionTarget, DatabaseError
from pgcli_like.native import load

# The column kinds of _mysql_text.c.
_INT, _DECIMAL, _FLOAT, _UTF8, _ASCII, _BINARY = 1, 2, 3, 4, 5, 6
# MySQL field types (pymysql.constants.FIELD_TYPE) → kind, as PyMySQL converts them and the
# normal path then writes them. The text types (PyMySQL's TEXT_TYPES) are binary when their
# character set is 63; JSON is text whatever its character set (as PyMySQL decodes it).
_KINDS = {
    1: _INT, 2: _INT, 3: _INT, 8: _INT, 9: _INT, 13: _INT,  # TINY SHORT LONG LONGLONG INT24 YEAR
    0: _DECIMAL, 246: _DECIMAL,  # DECIMAL NEWDECIMAL
    4: _FLOAT, 5: _FLOAT,  # FLOAT DOUBLE
    6: _ASCII, 7: _ASCII, 10: _ASCII, 11: _ASCII, 12: _ASCII, 14: _ASCII,  # NULL TIMESTAMP DATE TIME DATETIME NEWDATE
    247: _ASCII, 248: _ASCII,  # ENUM SET (MariaDB sends them as STRING; PyMySQL decodes these codes as ASCII)
    245: _UTF8,  # JSON
}
_TEXT_TYPES = frozenset((16, 249, 250, 251, 252, 253, 254, 15, 255))  # BIT, BLOBs, STRINGs, VARCHAR, GEOMETRY
_BINARY_CHARSET = 63

_FIRST_WORDS = frozenset(("select", "values", "table", "with"))
# Words that could make a query write or run something else (INTO OUTFILE/@var, WITH … UPDATE,
# FOR UPDATE…): anywhere in the text, even in a string or a comment, the normal path runs it.
_UNSAFE = re.compile(r"\b(?:into|insert|update|delete|replace|call|load|handler|do|set|lock)\b|/\*[!M]", re.I)
_LEADING = re.compile(r"(?:\s+|\(|/\*.*?\*/|#[^\n]*(?:\n|$)|--(?:[ \t\r\n][^\n]*)?(?:\n|$))*", re.S)
_WORD = re.compile(r"[A-Za-z]+")

_MAX_PACKET = 0xFFFFFF
_READ_SIZE = 1 << 18  # bytes asked of the socket at a time
_WRITE_SIZE = 1 << 17  # output gathered before a write
_SERVER_MORE_RESULTS_EXISTS = 8


class _Unsupported(Exception):
    """Something the normal path must do instead (only before the first byte is written)."""


def is_plain_query(sql: str) -> bool:
    """True when ``sql`` is a query this exporter may run: it starts with SELECT, VALUES,
    TABLE or WITH (after comments and parentheses) and holds no word that could write."""
    if _UNSAFE.search(sql):
        return False
    start = _LEADING.match(sql)
    word = _WORD.match(sql, start.end() if start else 0)
    return word is not None and word.group().lower() in _FIRST_WORDS


def column_kinds(fields: list) -> bytes | None:
    """One kind byte per column from PyMySQL's field descriptors, or None when a column's
    type is not one whose text this exporter is known to reproduce."""
    kinds = bytearray()
    for field in fields:
        code = field.type_code
        if code in _TEXT_TYPES:
            kinds.append(_BINARY if field.charsetnr == _BINARY_CHARSET else _UTF8)
        elif code in _KINDS:
            kinds.append(_KINDS[code])
        else:
            return None
    return bytes(kinds)


def header_line(names: list[str], delimiter: str) -> bytes:
    """The header record as ``formatting/delimited.py`` writes it, in UTF-8."""
    from pgcli_like.formatting.quoting import header_record

    return header_record(names, delimiter).encode()


def export_mysql(target: ConnectionTarget, sql: str, delimiter: str, fd: int) -> int | None:
    """Run ``sql`` and write its rows to ``fd`` as CSV (``delimiter=","``) or TSV (``"\\t"``).

    Returns the number of rows written, or None having written nothing when the normal path
    must do it. Raises DatabaseError for a server error after output began, BrokenPipeError
    when the reader went away, KeyboardInterrupt on Ctrl-C (the query killed on the server);
    NotConnected on Ctrl-C while logging in, ConnectionError_ when the login timed out.
    """
    native = load("_mysql_text")
    if native is None or delimiter not in (",", "\t") or not is_plain_query(sql):
        return None
    from pgcli_like.drivers.mysql_connect import base_args

    args = base_args(target, target.password)
    if args["charset"] != "utf8mb4":
        return None
    try:
        session = _open(target, args)
    except KeyboardInterrupt:
        from pgcli_like.export import NotConnected

        raise NotConnected from None
    if session is None:
        return None
    export = _Export(native, session, args, delimiter, fd)
    try:
        return export.run(sql)
    except _Unsupported:
        if export.running:
            export.kill()  # rows nobody will read (the normal path runs the statement again)
        return None
    except BaseException:
        # Ctrl-C, a closed pipe, an error after output: stop the statement on the server first.
        if export.running:
            export.kill()
        raise
    finally:
        session.close(clean=not export.running and not export.streaming)


def _open(target: ConnectionTarget, args: dict[str, object]) -> _WireSession | _PyMySQLSession | None:
    """A logged-in session: the small client when it can, else PyMySQL; None when the login
    fails (a password to ask for, a refused connection: the normal path says what).

    A login that timed out raises the normal path's ConnectionError_ instead: trying again
    there would make the user wait for a dead server twice.
    """
    from pgcli_like.export import mysql_wire

    try:
        return _WireSession(mysql_wire.connect(args))
    except mysql_wire.LoginTimeout as err:
        raise _cannot_connect(err.pymysql_text) from None
    except (mysql_wire.WireError, OSError):
        return None
    except Exception:  # noqa: BLE001 - WireUnsupported (TLS, another auth plugin…) or a packet it misread
        pass  # PyMySQL does it
    from pgcli_like.drivers.mysql_connect import _connect_args, login, login_failure

    conn_args = _connect_args(target, target.password)
    try:
        conn = login(conn_args)
    except Exception as err:  # noqa: BLE001 - as above
        text = login_failure(err)
        if text.endswith("(timed out)"):
            raise _cannot_connect(text) from None
        return None
    return _PyMySQLSession(conn, conn_args)


def _cannot_connect(text: str) -> Exception:
    """The driver's error for a login that failed with PyMySQL's ``text``."""
    from pgcli_like.drivers.base import ConnectionError_
    from pgcli_like.drivers.mysql_connect import login_wording

    return ConnectionError_(f"cannot connect to MySQL/MariaDB: {login_wording(text)}")


def _refused(code: int, message: str, sql: str) -> Exception:
    """The server's answer to the query was an error: the driver's error for it, so that
    it is reported here rather than the statement run a second time by the normal path
    (its error may come from running it: a NEXTVAL() or a function with effects would run
    twice). A lost connection is the exception: the normal path decides what to do."""
    from pgcli_like.drivers.mysql_errors import LOST_CODES, server_error

    if code in LOST_CODES:
        return _Unsupported()
    return server_error(code, message, sql)


class _WireSession:
    """The exporter's view of a ``mysql_wire`` connection."""

    def __init__(self, wire: object) -> None:
        self.wire = wire

    @property
    def thread_id(self) -> int:
        return self.wire.thread_id  # type: ignore[attr-defined]

    def query(self, sql: str) -> list:
        """The result's column definitions; raises the server's error (see _refused), or
        _Unsupported for packets not understood or no result set."""
        from pgcli_like.export.mysql_wire import WireError, WireUnsupported

        try:
            fields = self.wire.query(sql)  # type: ignore[attr-defined]
        except WireError as err:
            raise _refused(err.errno, str(err), sql) from None
        except (WireUnsupported, OSError, ValueError, IndexError):
            raise _Unsupported from None
        if fields is None:
            raise _Unsupported  # not a result set: unreachable for what is_plain_query lets through
        return fields

    def reader(self) -> tuple[object, int]:
        """What reads the bytes after the column definitions, and the next sequence number."""
        return self.wire, self.wire.seq  # type: ignore[attr-defined]

    def ended(self, seq: int) -> None:
        self.wire.seq = seq  # type: ignore[attr-defined]

    def warnings(self) -> list[str]:
        rows = self.wire.rows("SHOW WARNINGS")  # type: ignore[attr-defined]
        return [f"{(level or b'').decode()} ({int(code or 0)}): {(message or b'').decode('utf-8', 'replace')}"
                for level, code, message in rows]

    def close(self, clean: bool) -> None:
        if clean:
            self.wire.close()  # type: ignore[attr-defined]
        else:
            self.wire.abort()  # type: ignore[attr-defined]


class _PyMySQLSession:
    """The exporter's view of a PyMySQL connection (TLS, other logins)."""

    def __init__(self, conn: object, conn_args: dict[str, object]) -> None:
        self.conn = conn
        self.conn_args = conn_args  # for the connection that kills the query

    @property
    def thread_id(self) -> int:
        return self.conn.thread_id()  # type: ignore[attr-defined]

    def query(self, sql: str) -> list:
        import pymysql

        conn = self.conn
        if conn.encoding != "utf8":  # type: ignore[attr-defined]
            raise _Unsupported
        try:
            conn.query(sql, unbuffered=True)  # type: ignore[attr-defined]
        except pymysql.err.MySQLError as err:
            if len(err.args) < 2 or not isinstance(err.args[0], int):
                raise _Unsupported from None
            raise _refused(err.args[0], str(err.args[1]), sql) from None
        except OSError:
            raise _Unsupported from None
        result = conn._result  # type: ignore[attr-defined]
        fields = getattr(result, "fields", None)
        if not fields or not getattr(result, "unbuffered_active", False):
            raise _Unsupported
        return fields

    def reader(self) -> tuple[object, int]:
        return self.conn._rfile, self.conn._next_seq_id  # type: ignore[attr-defined]

    def ended(self, seq: int) -> None:
        self.conn._next_seq_id = seq  # type: ignore[attr-defined]
        self.conn._result.unbuffered_active = False  # type: ignore[attr-defined]  # its end was read here

    def warnings(self) -> list[str]:
        with self.conn.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute("SHOW WARNINGS")
            return [f"{level} ({code}): {message}" for level, code, message in cur.fetchall()]

    def close(self, clean: bool) -> None:
        conn = self.conn
        try:
            result = getattr(conn, "_result", None)
            if result is not None and not clean:
                result.unbuffered_active = False  # else its __del__ would read the closed socket
            if clean:
                conn.close()  # type: ignore[attr-defined]
            else:
                conn._force_close()  # type: ignore[attr-defined]  # rows left unread: no COM_QUIT
        except Exception:  # noqa: BLE001 - closing must not hide what happened
            try:
                conn._force_close()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001
                pass


class _Export:
    """One export on one session (closed at the end: nothing else runs on it)."""

    def __init__(self, native: object, session: _WireSession | _PyMySQLSession, args: dict[str, object],
                 delimiter: str, fd: int) -> None:
        self.native = native
        self.session = session
        self.args = args
        self.delimiter = delimiter
        self.fd = fd
        self.sql = ""
        self.written = False  # once True, None can no longer be returned
        self.running = False  # the query may still be running on the server
        self.streaming = False  # rows may be left unread on the connection

    def run(self, sql: str) -> int:
        self.sql = sql
        self.running = True
        try:
            fields = self.session.query(sql)
        except (_Unsupported, DatabaseError):
            self.running = False  # it failed, or was no query: nothing runs
            raise
        self.streaming = True
        kinds = column_kinds(fields)
        if kinds is None:
            raise _Unsupported
        head = header_line([f.name for f in fields], self.delimiter)
        rows, warnings = self._stream(kinds, head)
        self.running = self.streaming = False
        if warnings:
            self._show_warnings()
        return rows

    def _stream(self, kinds: bytes, head: bytes) -> tuple[int, int]:
        """Read the row packets to their end, writing the records; (rows, warnings)."""
        transcode = self.native.transcode  # type: ignore[attr-defined]
        malformed = self.native.MalformedError  # type: ignore[attr-defined]
        rfile, seq = self.session.reader()
        delim = ord(self.delimiter)
        buf = bytearray()
        pending = [head]
        pending_size = len(head)
        total = 0
        need = 4
        while True:
            while len(buf) < need:
                buf += self._read(rfile, _READ_SIZE)
            try:
                used, out, seq, rows, status, detail = transcode(buf, kinds, delim, seq)
            except malformed as err:
                self._fail(f"malformed result from the server: {err}")
            del buf[:used]
            total += rows
            if out:
                pending.append(out)
                pending_size += len(out)
            if status == 0:  # an incomplete packet: read on
                need = detail
            elif status == 3:  # a row longer than one packet
                seq, out = self._long_row(rfile, buf, kinds, delim, seq)
                pending.append(out)
                pending_size += len(out)
                total += 1
                need = 4
            elif status == 2:
                self._server_error(detail)
            else:
                self.session.ended(seq)
                self._write(pending)
                warnings, server_status = detail
                if server_status & _SERVER_MORE_RESULTS_EXISTS:
                    self._fail("the statement returned more than one result")  # not for a plain query
                return total, warnings
            if pending_size >= _WRITE_SIZE:
                self._write(pending)
                pending = []
                pending_size = 0

    def _read(self, rfile: object, size: int) -> bytes:
        try:
            chunk = rfile.read1(size)  # type: ignore[attr-defined]
        except OSError:
            chunk = b""
        if not chunk:
            self.running = False
            if not self.written:
                raise _Unsupported
            raise ConnectionLost("Lost connection to MySQL server during query", sqlstate="2013")
        return chunk

    def _long_row(self, rfile: object, buf: bytearray, kinds: bytes, delim: int, seq: int) -> tuple[int, bytes]:
        """A row split over packets of 2**24-1 bytes: joined, then written as one record."""
        parts = []
        while True:
            while len(buf) < 4:
                buf += self._read(rfile, _READ_SIZE)
            length = buf[0] | buf[1] << 8 | buf[2] << 16
            if buf[3] != seq:
                self._fail(f"packet sequence number wrong - got {buf[3]} expected {seq}")
            seq = (seq + 1) % 256
            del buf[:4]
            while len(buf) < length:
                buf += self._read(rfile, _READ_SIZE)
            parts.append(bytes(buf[:length]))
            del buf[:length]
            if length < _MAX_PACKET:
                break
        try:
            return seq, self.native.transcode_row(b"".join(parts), kinds, delim)  # type: ignore[attr-defined]
        except self.native.MalformedError as err:  # type: ignore[attr-defined]
            self._fail(f"malformed result from the server: {err}")

    def _write(self, pieces: list[bytes]) -> None:
        data = b"".join(pieces)
        view = memoryview(data)
        while view:
            self.written = True
            view = view[os.write(self.fd, view):]

    def _fail(self, message: str) -> None:
        if not self.written:
            raise _Unsupported
        raise DatabaseError(message)

    def _server_error(self, payload: bytes) -> None:
        """An error packet among the rows, reported as the driver reports PyMySQL's exception
        for it (the code and message read as ``pymysql.err.raise_mysql_exception`` reads them)."""
        from pgcli_like.drivers.mysql_errors import server_error

        self.running = False  # the server ended the statement
        code = int.from_bytes(payload[1:3], "little", signed=True)
        message = (payload[9:] if payload[3:4] == b"#" else payload[3:]).decode("utf-8", "replace")
        raise server_error(code, message, self.sql)

    def _show_warnings(self) -> None:
        """The warnings that came with the rows, on stderr as the normal path shows them."""
        try:
            lines = self.session.warnings()
        except Exception:  # noqa: BLE001 - the rows are written; the warnings are a courtesy
            return
        try:
            for line in lines:
                print(line, file=sys.stderr, flush=True)
        except BrokenPipeError:
            pass

    def kill(self) -> None:
        """``KILL QUERY`` from a second connection, as the driver's cancel() does."""
        self.running = False
        kill = f"KILL QUERY {int(self.session.thread_id)}"
        if isinstance(self.session, _WireSession):
            from pgcli_like.export import mysql_wire

            try:
                wire = mysql_wire.connect(self.args)
            except (mysql_wire.WireUnsupported, mysql_wire.WireError, OSError):
                return
            try:
                wire.execute(kill)
            except (mysql_wire.WireUnsupported, mysql_wire.WireError, OSError):
                pass
            wire.close()
            return
        import pymysql

        from pgcli_like.drivers.mysql_connect import login

        try:
            killer = login(self.session.conn_args)  # type: ignore[union-attr]
        except (pymysql.err.MySQLError, OSError):
            return
        try:
            with killer.cursor() as cur:
                cur.execute(kill)
        except (pymysql.err.MySQLError, OSError):
            pass
        try:
            killer.close()
        except (pymysql.err.MySQLError, OSError):
            pass
