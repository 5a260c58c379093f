"""CSV/TSV of one SQLite query, written by the C accelerator ``_sqlite_export``.

The accelerator opens the file as ``drivers/sqlite.py`` does, runs exactly one read-only
query and writes the same bytes as the normal path (driver → ``formatting/delimited.py``).
Anything it cannot promise to print identically — a statement that is not one read-only
query, a file that cannot be opened or is locked — comes back as None with nothing
written, and the caller runs the normal path. An error once the statement runs is
reported here, with the rows the normal path prints before it (none in the first batch). Only the error
path imports the driver (and with it ``sqlite3``): start-up time is the point.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from pgcli_like.native import load

if TYPE_CHECKING:
    from pgcli_like.drivers.base import ConnectionTarget, DatabaseError

# Rows per fetch in the normal path: the driver's first fetchmany(1000) and
# formatting.BATCH_SIZE after it (a test checks both). Output is written only at these
# boundaries so that an error mid-stream leaves exactly the rows the normal path prints.
BATCH_ROWS = 1000

# Python's str.strip() (the session strips each statement) knows more whitespace than
# SQLite's tokenizer; with any of these around, the two could see different statements.
# (Every c with c.isspace() but " \t\n\r\f"; a test checks the list.)
ODD_SPACE = ("\x0b\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
             "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def export_sqlite(target: ConnectionTarget, sql: str, delimiter: str, fd: int) -> int | None:
    """Write ``sql``'s rows as CSV (``delimiter=","``) or TSV (``"\\t"``) to ``fd``.

    Returns the number of rows, or None having written nothing when the normal path must
    run instead. Raises DatabaseError for an error once the statement ran (the rows of the
    batches before it written), BrokenPipeError when the reader went away, and
    KeyboardInterrupt on Ctrl-C (the statement is interrupted first).
    """
    native = load("_sqlite_export")
    path = target.database or ":memory:"
    if native is None or path == ":memory:" or delimiter not in (",", "\t"):
        return None
    if "\0" in sql or any(ch in sql for ch in ODD_SPACE):
        return None
    try:
        sql_bytes = sql.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: sqlite3 refuses them too
        return None
    uri = dict(target.options).get("mode") == "ro"
    if uri:
        from pathlib import Path

        name = Path(path).absolute().as_uri() + "?mode=ro"  # exactly the driver's URI
    else:
        name = path
    try:
        filename = os.fsencode(name)
    except UnicodeEncodeError:
        return None
    try:
        return native.export(filename, uri, sql_bytes, delimiter, fd, sys.version_info < (3, 11), BATCH_ROWS)
    except native.SqlError as err:
        message, error_name, statement_end = err.args
        raise _database_error(message, error_name, sql_bytes[:statement_end].decode("utf-8")) from None


def _database_error(message: str, error_name: str | None, statement: str) -> DatabaseError:
    """The DatabaseError the driver would raise for this error of ``statement``."""
    import sqlite3

    from pgcli_like.drivers.sqlite import error_from

    err = sqlite3.OperationalError(message)
    if error_name is not None and sys.version_info >= (3, 11):
        err.sqlite_errorname = error_name  # as sqlite3 sets it since 3.11
    # The session hands the driver the statement stripped, without its ';'.
    statement = statement.strip()
    if statement.endswith(";"):
        statement = statement[:-1].strip()
    return error_from(err, statement)
