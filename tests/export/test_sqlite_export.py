"""export_sqlite against the normal path (driver → session → csv/tsv formatter) on real SQLite files:
the same bytes for every kind of value, None with nothing written whenever it cannot promise that,
errors after output, a reader that goes away, Ctrl-C, locks."""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import warnings

import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import ConnectionTarget, DatabaseError
from pgcli_like.error_display import error_lines
from pgcli_like.export import sqlite as exporter
from pgcli_like.export.sqlite import export_sqlite
from pgcli_like.native import load
from pgcli_like.session import SqlSession
from pgcli_like.settings import OutputSettings

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DELIMITERS = {"csv": ",", "tsv": "\t"}


@pytest.fixture(autouse=True)
def native_module():
    """The C module; without it these tests skip loudly (and fail on CI, which can build it)."""
    if load("_sqlite_export") is None:
        msg = "pgcli_like.native._sqlite_export is not built (pip install -e . with gcc and sqlite3.h)"
        if IN_CI:
            pytest.fail(msg)
        warnings.warn(msg, stacklevel=2)
        pytest.skip(f"SKIPPED LOUDLY: {msg}")


def make_db(path: str, script: str = "", rows: tuple[str, list[tuple]] | None = None) -> str:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(script)
        if rows is not None:
            conn.execute("BEGIN")  # one commit, not one per row
            conn.executemany(*rows)
            conn.execute("COMMIT")
    finally:
        conn.close()
    return path


def normal(path: str, sql: str, fmt: str = "csv", options: tuple = ()) -> tuple[bytes, str]:
    """What ``shellkit sql PATH -c SQL --format FMT`` prints without the fast path: stdout's
    bytes and stderr's text, through the real driver, session and formatter."""
    out, err = io.StringIO(), io.StringIO()
    driver = open_driver(ConnectionTarget("sqlite", database=path, options=options))
    settings = OutputSettings(format=fmt, pager_enabled=False, color=False, engine="sqlite")
    session = SqlSession(driver, settings=settings, stdout=out, stderr=err)
    try:
        session.run_text(sql, stop_on_error=True)
    finally:
        driver.close()
    return out.getvalue().encode("utf-8"), err.getvalue()


def fast(path: str, sql: str, fmt: str = "csv", options: tuple = ()) -> tuple[object, bytes]:
    """export_sqlite's result (or the exception it raised) and the bytes it wrote."""
    target = ConnectionTarget("sqlite", database=path, options=options)
    fd, out = tempfile.mkstemp(suffix=".out")
    try:
        result: object = export_sqlite(target, sql, DELIMITERS[fmt], fd)
    except (DatabaseError, OSError) as err:
        result = err
    finally:
        os.close(fd)
    with open(out, "rb") as handle:
        data = handle.read()
    os.remove(out)
    return result, data


def assert_same(path: str, sql: str, fmt: str = "csv", options: tuple = ()) -> bytes:
    expected, err = normal(path, sql, fmt, options)
    assert "ERROR" not in err, err
    result, data = fast(path, sql, fmt, options)
    assert data == expected
    conn = sqlite3.connect(path)
    try:
        assert result == len(conn.execute(sql).fetchall())
    finally:
        conn.close()
    return data


# -- byte-identical output ---------------------------------------------------------------------

VALUES_TABLE = """
CREATE TABLE v (i integer, r real, t text, b blob, n numeric, d float8, f4 float4, x double, fl float, bo bool,
                ts timestamp, j json, u uuid, any_ any);
"""
VALUE_ROWS = [
    (0, 0.0, "", b"", 0, 1.0, 0.1, 1e15, 1e16, 1, "2024-01-02 03:04:05", '{"a": [1, 2]}',
     "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", 1),
    (-1, -0.0, "plain", b"\x00\xff\x10", 1.5, 0.1, 3.4028234663852886e38, 1e-5, 1e-4, 0, "2024-02-29 23:59:59.123456",
     "[]", None, "text"),
    (9223372036854775807, 1e308, 'comma, "quotes"', b"abc", 5, 1e100, 1.0 / 3, 123456789012345.6, -2.5, None,
     "2024-01-01", "null", None, b"\x01"),
    (-9223372036854775808, 5e-324, "two\nlines\r\nand\rCR", None, "12.50", -1e-7, None, 2.0 ** 53, 7.0, 1,
     "23:59:59.5", '"s"', None, 2.5),
    (42, 1.7976931348623157e308, "tab\there", b"\\.", None, float("inf"), float("-inf"), float("inf"), None, None,
     None, None, None, None),
    (None, None, None, None, None, None, None, None, None, None, None, None, None, None),
    (7, 0.5, "Grüße 日本語 🎉 \u2028", b"\n", "abc", 100.0, 0.125, -0.0, 1e22, 2, "x", "{}", "u", -3.75),
    (8, 1e-310, "\\.", b",", 1e300, 2.0 ** 46, 2.0 ** 46 - 0.125, -(2.0 ** 46) + 0.125, 70368744177664.125, 3,
     "", "", "", ""),
    (9, 123.0, "nul\x00inside", b"", -0.5, 1e-320, 0.3, 0.1 + 0.2, 2.675, 0, "t", "f", "x", 9e15),
]


@pytest.fixture
def values_db(sqlite_path):
    return make_db(sqlite_path, VALUES_TABLE, (f"INSERT INTO v VALUES ({', '.join('?' * 14)})", VALUE_ROWS))


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("sql", [
    "SELECT * FROM v",
    "SELECT * FROM v ORDER BY rowid DESC",
    "SELECT i, r, t FROM v",
    "SELECT d AS float8, x AS double FROM v",
    "SELECT t AS \"a,b\", b AS \"x\"\"y\", i AS \"new\nline\", r AS \"tab\tname\", n AS \"\" FROM v",
    "SELECT typeof(r), r * 1, r + i, i || t, hex(b), length(t) FROM v",
    "SELECT i FROM v UNION ALL SELECT t FROM v UNION ALL SELECT r FROM v UNION ALL SELECT b FROM v",
    "SELECT * FROM v WHERE 0",
    "SELECT 1 AS a, 2.0 AS b, 1e999 AS c, -1e999 AS d, x'00ff' AS e, '' AS f, NULL AS g",
    "SELECT json_object('a', 1, 'b', 'x,y') AS j, json_array(1, 2.5, 'q\"') AS arr",
    "WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < 3000) SELECT k, k * 0.1, 'r' || k FROM c",
    "VALUES (1, 'a'), (2.5, NULL), (x'00', '')",
])
def test_the_same_bytes_as_the_normal_path(values_db, sql, fmt):
    assert_same(values_db, sql, fmt)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("column", ["i", "r", "t", "b", "n", "d", "any_"])
def test_one_column_quotes_a_lone_empty_field_and_a_lone_backslash_dot(values_db, column, fmt):
    data = assert_same(values_db, f"SELECT {column} FROM v", fmt)
    assert b"\n\n" not in data


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("sql", ["SELECT '' AS x", "SELECT NULL AS x", "SELECT '\\.' AS x", "SELECT '\\.x' AS x",
                                 "SELECT 1 AS \"\"", "SELECT 1 AS \"\\.\"", "SELECT 'a' AS x WHERE 0"])
def test_one_column_edge_cases(values_db, sql, fmt):
    assert_same(values_db, sql, fmt)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_zero_rows_print_the_header_alone(values_db, fmt):
    data = assert_same(values_db, "SELECT i, t FROM v WHERE i > 1e30", fmt)
    assert data == f"i{DELIMITERS[fmt]}t\n".encode()


def test_many_columns(values_db):
    columns = ", ".join(f"i + {n} AS c{n}, t AS t{n}, r AS r{n}" for n in range(150))
    assert_same(values_db, f"SELECT {columns} FROM v")


def test_floats_of_every_kind_are_spelled_as_repr(sqlite_path):
    import random

    rng = random.Random(5)
    values = [rng.randint(-2 ** 50, 2 ** 50) / 8 for _ in range(3000)]
    values += [rng.uniform(-1e6, 1e6) for _ in range(3000)]
    values += [rng.randint(-10 ** 6, 10 ** 6) / rng.choice([3, 10, 100, 1000, 7]) for _ in range(3000)]
    values += [rng.choice([1, -1]) * 10.0 ** rng.randint(-320, 308) * rng.random() for _ in range(3000)]
    make_db(sqlite_path, "CREATE TABLE f (x real, y float8)", ("INSERT INTO f VALUES (?, ?)", [(v, v) for v in values]))
    data = assert_same(sqlite_path, "SELECT x, y FROM f")
    assert data.splitlines()[1:] == [f"{v!r},{v!r}".encode() for v in values]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_a_hundred_thousand_rows_like_the_benchmark(sqlite_path, fmt):
    make_db(sqlite_path, """
        CREATE TABLE big (id int, name text, created text, amount numeric, active bool, note text, qty int, code text);
        WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100000)
        INSERT INTO big SELECT n, 'name ' || n, datetime('2024-01-01', '+' || n || ' minutes'), n * 1.25,
               n % 2 = 0, CASE WHEN n % 3 = 0 THEN 'note, ' || n END, CASE WHEN n % 5 <> 0 THEN n * 7 END,
               lower(hex(randomblob(16))) FROM g;
    """)
    data = assert_same(sqlite_path, "SELECT * FROM big", fmt)
    assert data.count(b"\n") == 100_001


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_random_texts_are_quoted_as_the_normal_path_quotes_them(sqlite_path, fmt):
    import random

    rng = random.Random(11)
    alphabet = list("abc ,;\"'\n\r\t\\.x") + ["é", "日本", "🎉", "\x00", "\u2028"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    make_db(sqlite_path, "CREATE TABLE t (a text, b text)", ("INSERT INTO t VALUES (?, ?)",
                                                             [(x, texts[-i]) for i, x in enumerate(texts)]))
    assert_same(sqlite_path, "SELECT a, b FROM t", fmt)
    assert_same(sqlite_path, "SELECT a FROM t", fmt)


def test_text_is_taken_exactly_when_python_decodes_it(sqlite_path):
    import random

    rng = random.Random(3)
    pieces = [b"a", b",", b"\xc3\xa9", b"\xe6\x97\xa5", b"\xf0\x9f\x8e\x89", b"\x80", b"\xbf", b"\xc0\xaf", b"\xc2",
              b"\xe0\x80\x80", b"\xe0\xa0\x80", b"\xed\xa0\x80", b"\xed\x9f\xbf", b"\xef\xbf\xbf", b"\xf0\x8f\xbf\xbf",
              b"\xf4\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xff", b"\xe6\x97", b"\xf0\x9f\x8e"]
    make_db(sqlite_path, "CREATE TABLE t (k int, x blob)")
    conn = sqlite3.connect(sqlite_path, isolation_level=None)
    raw = [b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(600)]
    conn.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(raw)))
    conn.close()
    for k, data in enumerate(raw):
        result, out = fast(sqlite_path, f"SELECT CAST(x AS text) AS v FROM t WHERE k = {k}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # The driver's error, nothing printed (as the normal path), the statement not run again.
            assert isinstance(result, DatabaseError) and out == b"", data
            assert result.message.startswith("Could not decode to UTF-8 column 'v' with text"), data
        else:
            quoted = '"' + text.replace('"', '""') + '"' if ("," in text or '"' in text) else text
            assert (result, out) == (1, f"v\n{quoted}\n".encode()), data


@pytest.mark.parametrize("encoding", ["UTF-16le", "UTF-16be"])
def test_a_utf16_database(sqlite_path, encoding):
    make_db(sqlite_path, f"PRAGMA encoding = '{encoding}'; " + VALUES_TABLE,
            (f"INSERT INTO v VALUES ({', '.join('?' * 14)})", VALUE_ROWS))
    assert_same(sqlite_path, "SELECT * FROM v")
    assert_same(sqlite_path, "SELECT t, CAST(x'd800d800' AS text) AS lone FROM v")


def test_the_statement_may_end_with_semicolons_and_comments(values_db):
    for sql in ["SELECT i, t FROM v;", "SELECT i, t FROM v; -- done", "SELECT i, t FROM v /* c */ ;;",
                "/* lead */ SELECT i FROM v"]:
        expected, _ = normal(values_db, sql)
        assert fast(values_db, sql) == (len(VALUE_ROWS), expected)


def test_a_read_only_target_opens_the_file_read_only(values_db):
    assert_same(values_db, "SELECT * FROM v", options=(("mode", "ro"),))


# -- None, having written nothing ------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "SELEC 1",
    "SELECT * FROM missing",
    "SELECT nope FROM v",
    "INSERT INTO v (i) VALUES (1000)",
    "INSERT INTO v (i) VALUES (1000) RETURNING i",
    "UPDATE v SET i = 1000 RETURNING i",
    "CREATE TABLE w (a)",
    "PRAGMA user_version = 7",
    "SELECT 1; SELECT 2",
    "SELECT 1; INSERT INTO v (i) VALUES (1000)",
    "SELECT :x",
    "SELECT ?",
    "SELECT $x",
    "",
    "-- nothing",
    "SELECT 1 \\gx",
    ".tables",
    "SELECT 'a\u00a0'",
    "SELECT 1 AS x\u3000",
    "SELECT 'a\x00'",
    "SELECT '\udc80'",
])
def test_none_and_nothing_written_when_it_cannot_promise_the_same(values_db, sql):
    before = sqlite3.connect(values_db).execute("SELECT count(*), (SELECT count(*) FROM sqlite_master) FROM v").fetchone()
    assert fast(values_db, sql) == (None, b"")
    after = sqlite3.connect(values_db).execute("SELECT count(*), (SELECT count(*) FROM sqlite_master) FROM v").fetchone()
    assert after == before  # a write never ran (so the normal path can run it once)
    assert sqlite3.connect(values_db).execute("PRAGMA user_version").fetchone() == (0,)


def test_none_for_memory_a_missing_file_and_a_file_that_is_no_database(tmp_path):
    missing = tmp_path / "missing.db"
    assert fast(str(missing), "SELECT 1") == (None, b"")
    assert not missing.exists()  # never created: the normal path reports it
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database file" * 100)
    assert fast(str(junk), "SELECT 1") == (None, b"")
    assert fast(str(tmp_path / "nodir" / "x.db"), "SELECT 1") == (None, b"")
    target = ConnectionTarget("sqlite", database=":memory:")
    assert export_sqlite(target, "SELECT 1", ",", 1) is None
    assert export_sqlite(ConnectionTarget("sqlite"), "SELECT 1", ",", 1) is None


def test_none_for_another_delimiter_or_without_the_native_module(values_db, monkeypatch):
    target = ConnectionTarget("sqlite", database=values_db)
    assert export_sqlite(target, "SELECT 1", ";", 1) is None
    monkeypatch.setattr(exporter, "load", lambda name: None)
    assert fast(values_db, "SELECT 1") == (None, b"")


def test_none_for_a_missing_read_only_file(tmp_path):
    missing = tmp_path / "missing.db"
    assert fast(str(missing), "SELECT 1", options=(("mode", "ro"),)) == (None, b"")
    assert not missing.exists()


def fails_as_the_normal_path(path: str, sql: str) -> tuple[DatabaseError, bytes]:
    """The exporter's error for ``sql`` and what it printed, checked against the normal path:
    the same bytes before the error, and the error shown in the same words."""
    expected, err = normal(path, sql)
    result, data = fast(path, sql)
    assert isinstance(result, DatabaseError), result
    assert data == expected
    assert "\n".join(error_lines(result, sql)) + "\n" in err
    return result, data


def test_invalid_utf8_in_the_first_batch_is_the_drivers_error_with_nothing_printed(sqlite_path):
    make_db(sqlite_path, """CREATE TABLE t (x);
        WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1500) INSERT INTO t SELECT 'ok' FROM g;
        UPDATE t SET x = CAST(x'41ff42' AS text) WHERE rowid = 1000;""")
    result, data = fails_as_the_normal_path(sqlite_path, "SELECT x FROM t")
    assert data == b"" and result.message.startswith("Could not decode to UTF-8")


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell makes the table")
def test_a_column_name_that_is_not_utf8_gives_none(sqlite_path):
    # Python's sqlite3 only takes str: the sqlite3 shell writes the raw byte.
    subprocess.run([b"sqlite3", sqlite_path.encode(), b'CREATE TABLE t ("\xff" int); INSERT INTO t VALUES (1);'],
                   check=True)
    assert fast(sqlite_path, "SELECT * FROM t") == (None, b"")


def test_a_statement_that_fails_in_its_first_rows_is_reported_not_run_again(values_db):
    sql = "SELECT abs(i) FROM v"  # abs(-9223372036854775808) overflows at the 4th row
    result, data = fails_as_the_normal_path(values_db, sql)
    assert data == b"" and result.message == "integer overflow"


# -- errors after output -----------------------------------------------------------------------------

def _rows_db(path: str, count: int, width: int = 10) -> str:
    return make_db(path, f"""CREATE TABLE t (n int, x text);
        WITH RECURSIVE g(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM g WHERE k < {count})
        INSERT INTO t SELECT k, printf('%0{width}d', k) FROM g;""")


def _rows_db_spoilt(path: str, width: int, update: str, bad_row: int) -> None:
    """5,000 rows (see _rows_db), then ``update`` (``… WHERE rowid = ?``) run on ``bad_row``."""
    _rows_db(path, 5000, width)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(update, (bad_row,))
    conn.close()


@pytest.mark.parametrize("width", [10, 400])  # 400: output is written before the error
@pytest.mark.parametrize("bad_row", [1001, 1002, 2000, 2001, 2002, 3999, 4000, 4001])
def test_an_error_after_output_leaves_the_rows_the_normal_path_prints(sqlite_path, bad_row, width):
    _rows_db_spoilt(sqlite_path, width, "UPDATE t SET n = -9223372036854775808 WHERE rowid = ?", bad_row)
    result, data = fails_as_the_normal_path(sqlite_path, "SELECT abs(n), x FROM t")
    assert result.message == "integer overflow"
    # sqlite3's cursor steps one row ahead: the batch before the failing row fails too.
    printed = ((bad_row - 2) // 1000) * 1000
    assert data.count(b"\n") == (printed + 1 if printed else 0)


@pytest.mark.parametrize("width", [10, 400])
@pytest.mark.parametrize("bad_row", [1001, 1002, 2000, 2001, 3001, 4000])
def test_invalid_utf8_after_output_raises_the_drivers_error(sqlite_path, bad_row, width):
    _rows_db_spoilt(sqlite_path, width, "UPDATE t SET x = CAST(x'41ff42' AS text) || x WHERE rowid = ?", bad_row)
    result, _ = fails_as_the_normal_path(sqlite_path, "SELECT n, x AS \"é\" FROM t")
    assert result.message.startswith("Could not decode to UTF-8 column '\ufffd\ufffd' with text 'A\ufffdB")


# -- the reader, Ctrl-C, locks -------------------------------------------------------------------------

def _can_lock(path: str) -> bool:
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def test_a_closed_reader_raises_broken_pipe_and_leaves_the_file_unlocked(sqlite_path):
    _rows_db(sqlite_path, 200_000, 50)
    read, write = os.pipe()
    reader = threading.Thread(target=lambda: (os.read(read, 1000), os.close(read)))
    reader.start()
    try:
        with pytest.raises(BrokenPipeError):
            export_sqlite(ConnectionTarget("sqlite", database=sqlite_path), "SELECT * FROM t", ",", write)
    finally:
        reader.join()
        os.close(write)
    assert _can_lock(sqlite_path)


def test_a_reader_gone_before_the_first_write_raises_broken_pipe(values_db):
    read, write = os.pipe()
    os.close(read)
    try:
        with pytest.raises(BrokenPipeError):
            export_sqlite(ConnectionTarget("sqlite", database=values_db), "SELECT * FROM v", ",", write)
    finally:
        os.close(write)
    assert _can_lock(values_db)


class CtrlC:
    """Ctrl-C for this (main) thread ``after`` seconds into the block, then again every 0.2 s until
    one has raised KeyboardInterrupt: a SIGINT aimed at this thread (one sent to the process may
    land on another thread of pytest's). Nothing here waits for the exporter to be somewhere:
    the statements these tests interrupt never end by themselves."""

    def __init__(self, after: float) -> None:
        self.after = after
        self.raised = threading.Event()
        self.stop = threading.Event()

    def _handler(self, signum, frame):
        if not self.raised.is_set():
            self.raised.set()
            raise KeyboardInterrupt

    def _send(self, main: int) -> None:
        wait = self.after
        while not self.stop.wait(wait) and not self.raised.is_set():
            signal.pthread_kill(main, signal.SIGINT)
            wait = 0.2

    def __enter__(self) -> CtrlC:
        self.previous = signal.signal(signal.SIGINT, self._handler)
        self.thread = threading.Thread(target=self._send, args=(threading.get_ident(),))
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        signal.signal(signal.SIGINT, self.previous)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_interrupts_a_running_statement(values_db):
    # Never ends by itself. CtrlC's thread needs the GIL to send its signal: the statement
    # must run without it (it once held it, and the signal came seconds late).
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"
    with CtrlC(0.3) as ctrl_c, pytest.raises(KeyboardInterrupt):
        export_sqlite(ConnectionTarget("sqlite", database=values_db), endless, ",", 1)
    assert ctrl_c.raised.is_set()
    assert _can_lock(values_db)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_interrupts_a_write_nobody_reads(sqlite_path):
    _rows_db(sqlite_path, 100_000, 50)
    read, write = os.pipe()  # nobody reads: without the interrupt the write blocks for ever
    try:
        with CtrlC(0.3) as ctrl_c, pytest.raises(KeyboardInterrupt):
            export_sqlite(ConnectionTarget("sqlite", database=sqlite_path), "SELECT * FROM t", ",", write)
    finally:
        os.close(read)
        os.close(write)
    assert ctrl_c.raised.is_set()
    assert _can_lock(sqlite_path)


def test_a_locked_file_gives_none_at_once(values_db):
    holder = sqlite3.connect(values_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        assert fast(values_db, "SELECT * FROM v") == (None, b"")
        assert time.monotonic() - started < 2  # not the 5 s busy wait: the normal path does that
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- constants shared with the normal path ------------------------------------------------------------

def test_the_batch_size_is_the_normal_paths():
    from pgcli_like.formatting import BATCH_SIZE

    assert exporter.BATCH_ROWS == BATCH_SIZE


def test_no_sqlite_type_name_picks_a_server_float_spelling():
    # The exporter writes every REAL as repr(): right while the driver's type names (storage
    # classes, declared types with float spellings mapped to "real") miss FLOAT_TEXT.
    from pgcli_like.formatting.floats import FLOAT_TEXT

    assert not {"real", "integer", "text", "blob", "numeric", ""} & FLOAT_TEXT.keys()


def test_odd_space_lists_what_str_strip_removes_and_sqlite_does_not():
    expected = {chr(c) for c in range(0x110000) if chr(c).isspace()} - set(" \t\n\r\f")
    assert set(exporter.ODD_SPACE) == expected


def test_the_module_imports_neither_sqlite3_nor_the_driver():
    code = ("import sys, pgcli_like.export.sqlite; "
            "print(sorted(m for m in ('sqlite3', 'pgcli_like.drivers.sqlite', 'click', 'psycopg') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_command_line_prints_the_same_with_and_without_the_fast_path(sqlite_path, tmp_path):
    make_db(sqlite_path, VALUES_TABLE, (f"INSERT INTO v VALUES ({', '.join('?' * 14)})", VALUE_ROWS * 500))
    outputs = []
    for disable in ("", "1"):
        env = dict(os.environ, SHELLKIT_NO_FAST_EXPORT=disable)
        target = tmp_path / f"out{disable}.csv"
        with open(target, "wb") as handle:
            done = subprocess.run([sys.executable, "-m", "pgcli_like", sqlite_path, "-c", "SELECT * FROM v;",
                                   "--format", "csv"], stdout=handle, stderr=subprocess.PIPE, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 100_000
