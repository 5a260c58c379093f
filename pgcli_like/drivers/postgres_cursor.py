"""A PostgreSQL query streamed through a server-side cursor, or handed to ``COPY`` for CSV.

``DECLARE`` plans the query without running it and ``FETCH FORWARD 0`` describes its
columns, still without producing a row. Rows are then read with ``FETCH`` as the
formatter asks for them — or, when the output is CSV/TSV and nothing was fetched yet,
the cursor is dropped and the server writes the records itself (``copy_delimited``):
``COPY (query) TO STDOUT`` sends text the server already formatted, several times
faster than fetching rows into Python and formatting them there. Either way the query
runs exactly once.

The COPY text is byte-identical to what ``pgcli_like.formatting.delimited`` prints for
the same rows, and only used where that is guaranteed: every column of a type whose
COPY text is our text (numbers, booleans, dates and times, JSON, arrays, bytea, …;
strings wrapped in ``nullif(…, '')`` because COPY quotes an empty string and we print
it bare), at least two columns (a lone empty field is written ``""`` by us, bare by
COPY), no parameters, and no transaction of the user's (stopping a COPY early cancels
it, which would abort that transaction).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

import psycopg

from pgcli_like.drivers.base import ColumnInfo, DatabaseError
from pgcli_like.drivers.postgres_rules import _COPY_AS_IS, _COPY_NULLIF, copy_sql  # noqa: F401 - importable here too

_COPY_CHUNK = 64 * 1024
_cursor_ids = itertools.count(1)

ErrorMaker = Callable[..., DatabaseError]


def _copy_end(pgconn: Any, encoding: str) -> int:
    """After libpq said the COPY data ended: its final result — the row count, or the error
    that stopped it (raised as psycopg raises it)."""
    from psycopg import errors
    from psycopg.pq import ExecStatus

    count, failed = 0, None
    while (res := pgconn.get_result()) is not None:  # read to the end: the connection is then idle
        if res.status != ExecStatus.COMMAND_OK:
            failed = failed or res
        count = res.command_tuples or 0
    if failed is not None:
        raise errors.error_from_result(failed, encoding=encoding)
    return count


class CopyReader:
    """The data of a ``COPY … TO STDOUT`` begun with ``cursor.copy(sql)``, as byte chunks of
    whole rows (up to 64 KiB); ``rows`` is the row count once the iteration ended.

    The server sends one message per row. The rows libpq already holds are taken straight
    from it (psycopg's ``Copy.read()`` costs several Python calls a row, which made \\copy
    and csv output several times slower than the server); ``read()`` is only used to wait
    for the socket — Ctrl-C there cancels the COPY, as psycopg does. A chunk is handed on
    before waiting, so rows arriving slowly still show at once. Errors are psycopg's.
    """

    def __init__(self, conn: psycopg.Connection, copy: psycopg.Copy) -> None:
        self._conn = conn
        self._copy = copy
        self.rows = 0
        self.done = False  # the server finished the COPY (only buffered chunks may be left)

    def __iter__(self) -> Iterator[bytes]:
        pgconn = self._conn.pgconn
        pending = bytearray()
        while True:
            nbytes, data = pgconn.get_copy_data(1)
            while nbytes > 0:
                pending += data
                nbytes, data = pgconn.get_copy_data(1)
            if pending and (nbytes == 0 or len(pending) >= _COPY_CHUNK):
                yield bytes(pending)
                pending.clear()
            if nbytes == -1:
                self.rows = _copy_end(pgconn, self._conn.info.encoding)
                self.done = True
                break
            data = self._copy.read()
            if not data:
                self.rows = max(self._copy.cursor.rowcount, 0)  # (read() saw the end: psycopg counted)
                self.done = True
                break
            pending += data
        if pending:
            yield bytes(pending)


class CursorResult:
    """``sql`` declared as cursor ``name`` on ``conn``; rows are fetched on demand (ResultStream).

    ``implicit``: the cursor lives in a transaction we opened, committed (or rolled
    back) when the rows are read or the result is closed. ``make_error(err, sql,
    offset=0)`` turns a psycopg error into our DatabaseError.
    """

    def __init__(self, conn: psycopg.Connection, sql: str, params: Sequence[object] | None, *,
                 implicit: bool, describe: Callable[[psycopg.Cursor], list[ColumnInfo]],
                 make_error: ErrorMaker, table_name: str | None) -> None:
        self._conn = conn
        self._sql = sql
        self._params = params
        self._implicit = implicit
        self._error = make_error
        self._name = f"shellkit_{next(_cursor_ids)}"
        self._cur = conn.cursor()
        self._open = False  # our cursor is declared on the server
        self._started = False  # rows were asked for
        self._count = 0
        self._status = ""
        self._copier: Generator[str, None, None] | None = None  # the COPY in progress (copy_delimited)
        self.table_name = table_name
        prefix = f"DECLARE {self._name} NO SCROLL CURSOR FOR "
        try:
            if implicit:
                self._cur.execute("BEGIN")
            self._cur.execute(prefix + sql, params)  # type: ignore[arg-type]
            self._open = True
            # Describes the columns without producing a row (the query has not run yet).
            self._cur.execute(f"FETCH FORWARD 0 FROM {self._name}")
        except psycopg.Error as err:
            self._end(False)
            raise make_error(err, sql, offset=len(prefix)) from None
        self.columns: list[ColumnInfo] = describe(self._cur)

    @property
    def status(self) -> str:
        return self._status

    @property
    def unread(self) -> bool:
        """True while the cursor is open and nothing was asked of it yet."""
        return self._open and not self._started

    def batches(self, size: int = 1000) -> Iterator[list[tuple]]:
        self._started = True
        while self._open:
            try:
                self._cur.execute(f"FETCH FORWARD {int(size)} FROM {self._name}")
                batch = self._cur.fetchall()
            except psycopg.Error as err:
                self._end(False)
                raise self._error(err, self._sql) from None
            if batch:
                self._count += len(batch)
                yield batch
            if len(batch) < size:
                self._end(True)

    def copy_delimited(self, delimiter: str, on_rows: Callable[[int], None]) -> Iterator[str] | None:
        """The rows as CSV (``","``) or TSV (``"\\t"``) records written by the server, header
        excluded, byte-identical to ``formatting.delimited``; None when that cannot be
        guaranteed or rows were already fetched. ``on_rows(count)`` is called at the end."""
        if self._started or not self._open or not self._implicit or self._params is not None:
            return None
        made = copy_sql(self._sql, self.columns, delimiter)
        if made is None:
            return None
        self._started = True
        self._copier = self._copy(*made, on_rows)
        return self._copier

    def _copy(self, statement: str, offset: int, on_rows: Callable[[int], None]) -> Generator[str, None, None]:
        reader: CopyReader | None = None
        try:  # (the `finally` also runs when the reader stops early: close() closes this generator)
            self._cur.execute(f"CLOSE {self._name}")
            self._open = False
            encoding = self._conn.info.encoding  # the client encoding the server writes in
            with self._cur.copy(statement) as copy:
                reader = CopyReader(self._conn, copy)
                for chunk in reader:
                    yield chunk.decode(encoding, "replace")
            self._count = reader.rows
            on_rows(self._count)
        except psycopg.Error as err:
            raise self._error(err, self._sql, offset=offset) from None
        finally:
            # A COPY the server finished is committed even if its last chunk was not wanted;
            # one stopped midway was cancelled, and its transaction is rolled back.
            self._end(reader is not None and reader.done)

    def close(self) -> None:
        """Stop reading: the cursor (and our implicit transaction) is closed, a COPY still
        sending rows is cancelled. A result closed before any row was asked for never ran its
        query — as the protocol says, closing stops the statement (an output file that could
        not be opened, Ctrl-C before the first fetch)."""
        copier, self._copier = self._copier, None
        if copier is not None:
            copier.close()  # cancels a COPY still sending rows and ends the transaction
        self._started = True
        if self._open or not self._cur.closed:
            self._end(True)

    def _end(self, ok: bool) -> None:
        """Close our cursor, and the implicit transaction we opened for it; the status is final."""
        try:
            if self._implicit and self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                self._cur.execute("COMMIT" if ok else "ROLLBACK")
            elif self._open and ok:
                self._cur.execute(f"CLOSE {self._name}")
        except psycopg.Error:
            pass
        self._open = False
        self._cur.close()
        if not self._status:
            self._status = f"SELECT {self._count}"
