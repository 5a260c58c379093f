"""The MySQL/MariaDB CSV/TSV exporter writes exactly what the normal path writes, or declines.

Every comparison runs the normal path in-process (the MySQL driver, then the CSV/TSV
formatter, as ``shellkit sql -c … --format csv`` does; one test checks that against the real
command with the fast path off) and the exporter into a file, on the real MariaDB server.
"""

from __future__ import annotations

import os
import random
import signal
import struct
import subprocess
import sys
import threading
import time
import warnings
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pgcli_like.drivers.base import DatabaseError
from pgcli_like.dsn import parse_dsn
from pgcli_like.export.mysql import column_kinds, export_mysql, header_line, is_plain_query
from pgcli_like.formatting.floats import mysql_float_text
from pgcli_like.native import load
from tests.conftest import IN_CI

NATIVE = load("_mysql_text")


@pytest.fixture(scope="module")
def native():
    """The C module; its tests skip loudly when it was not built (and fail under CI=true)."""
    if NATIVE is None:
        msg = "pgcli_like.native._mysql_text is not built (`python3 -m pip install -e .` builds it)"
        if IN_CI:
            pytest.fail(msg)
        warnings.warn(msg, stacklevel=2)
        pytest.skip(f"SKIPPED LOUDLY: {msg}")
    return NATIVE


def _connect(dsn: str, **kw):
    import pymysql

    p = urlsplit(dsn)
    return pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username, password=p.password or "",
                           database=p.path.lstrip("/") or None, autocommit=True, charset="utf8mb4", **kw)


def _run(dsn: str, *statements: str) -> None:
    conn = _connect(dsn)
    with conn.cursor() as cur:
        for sql in statements:
            cur.execute(sql)
    conn.close()


def _scalar(dsn: str, sql: str):
    conn = _connect(dsn)
    with conn.cursor() as cur:
        cur.execute(sql)
        row = cur.fetchone()
    conn.close()
    return row[0] if row else None


TYPES_TABLE = """CREATE TABLE types (
  id INT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED,
  izf INT(5) ZEROFILL, b BOOL, d DECIMAL(10,2), d0 DECIMAL(10,0), dbig DECIMAL(65,30), dzf DECIMAL(8,3) ZEROFILL,
  dsmall DECIMAL(20,10), f FLOAT, dbl DOUBLE, c CHAR(10), vc VARCHAR(100), t TEXT, lt LONGTEXT,
  dt DATE, tm TIME, tm6 TIME(6), dtt DATETIME, dtt6 DATETIME(6), ts TIMESTAMP(3) NULL, y YEAR,
  j JSON, bin BINARY(4), vb VARBINARY(10), bl BLOB, bit8 BIT(8), bit1 BIT(1),
  e ENUM('a','b,c','ü'), st SET('x','y','z'), u UUID, ip INET6, g GEOMETRY)"""

TYPES_ROWS = [
    "(1, 1, 2, 3, 4, 5, 6, 7, TRUE, 1.25, 10, 1.5, 1.5, 0.5, 0.1, 0.1, 'abc', 'plain', 'text', 'long',"
    " '2024-01-02', '12:34:56', '12:34:56.789012', '2024-02-29 23:59:59', '2024-02-29 23:59:59.999999',"
    " '2024-03-01 01:02:03.456', 2024, '{\"a\": [1, \"x,y\"], \"k\": \"ü\"}', x'00ff10', x'', x'000102ff',"
    " b'10101010', b'1', 'a', 'x', '123e4567-e89b-12d3-a456-426614174000', '::1', POINT(1, 2))",
    "(2, -128, -32768, -8388608, -2147483648, -9223372036854775808, 18446744073709551615, 42, FALSE,"
    " -12345678.99, -9999999999, '12345678901234567890123456789012345.123456789012345678901234567890',"
    " 0.001, 0.0000001, 3.40282e38, 1.7976931348623157e308, '', '', '', '', '0000-00-00', '-838:59:59',"
    " '-00:00:00.000001', '0000-00-00 00:00:00', '1000-01-01 00:00:00.000001', NULL, 0, '[]', x'00000000',"
    " x'ff', '', b'0', b'0', 'b,c', 'x,z', '00000000-0000-0000-0000-000000000000', '2001:db8::ff00:42:8329',"
    " POINT(-1.5, 1e300))",
    "(3" + ", NULL" * 37 + ")",
    "(4, 127, 32767, 8388607, 2147483647, 9223372036854775807, 0, 0, 1, 0, 0, 0, 0, 0, -1.5, -0.0,"
    " 'a,b', 'say \"hi\"', 'line\nbreak', 'cr\rhere', '9999-12-31', '838:59:59', '00:00:00', '9999-12-31 23:59:59',"
    " '2038-01-19 03:14:07.5', '1970-01-01 00:00:01', 2155, '\"a\\\\tb\"', 'a\"b,', 'x\ny', x'22', b'11111111',"
    " b'1', 'ü', 'x,y,z', NULL, '::ffff:10.0.0.1', NULL)",
    "(5, 0, 0, 0, 0, 0, 0, 1, 0, 0.01, 1, -0.000000000000000000000000000001, 99999.999, -0.0000000001,"
    " 1e-10, 1e15, 'tab\there', '\\\\.', '😀 漢字 ñ', 'back\\\\slash', '2024-06-15', '-00:00:01', '23:59:59.5',"
    " '2024-06-15 12:00:00', '2024-06-15 12:00:00.000000', NULL, 1901, 'null', 'a,b\"', '\r\n', x'0d0a2c22',"
    " b'00000001', NULL, NULL, '', NULL, NULL, NULL)",
    "(6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 123456, 1e-16, NULL, '\\\\', ' lead', 'trail ', NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, '{\"emoji\": \"😀\"}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    "(7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1e-3, 1e16, NULL, NULL, 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    "(8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9.99999e-5, 123456789012345.6, NULL, NULL, 'x', NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    "(9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5e-324, NULL, NULL, 'x', NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
]

# Doubles around every boundary of mysql_float_text's layouts, and some random ones.
_rng = random.Random(20261129)
FLOATS = [1e15, -1e15, 1.5e15, 1e16, 9.999999999999999e14, 1e-4, 9.99e-5, -1e-5, 1e-15, 1.234e-15, 1e-16,
          2.2250738585072014e-308, 5e-324, 1.7976931348623157e308, 0.1, 0.2 + 0.1, 1 / 3, 100.0, 123456789012345.6,
          -2.5, 1e22, 1e21, 12345678901234567890.0, 0.000123, 4.35e-7]
FLOATS += [struct.unpack("<d", _rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(300)]
FLOATS += [_rng.uniform(-1e6, 1e6) for _ in range(100)] + [10.0 ** _rng.randint(-30, 30) * _rng.random()
                                                               for _ in range(100)]
FLOATS = [x for x in FLOATS if x == x and abs(x) != float("inf")]

BIG_FILL = """CREATE TABLE big AS SELECT seq AS id, CONCAT('name ', seq) AS name,
  TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE AS created, CAST(seq * 1.25 AS DECIMAL(12,2)) AS amount,
  seq % 2 = 0 AS active, CASE WHEN seq % 3 = 0 THEN CONCAT('note ', seq) END AS note,
  CASE WHEN seq % 5 <> 0 THEN seq * 7 END AS qty, MD5(seq) AS code FROM seq_1_to_100000"""

BOOM = """CREATE FUNCTION boom(x INT) RETURNS INT DETERMINISTIC
BEGIN
  IF x = 60000 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'boom at 60000'; END IF;
  RETURN x;
END"""


@pytest.fixture(scope="module")
def db(make_mysql_database) -> str:
    dsn = make_mysql_database("myexport")
    _run(dsn, TYPES_TABLE, "INSERT INTO types VALUES " + ", ".join(TYPES_ROWS),
         "CREATE TABLE floats (id INT PRIMARY KEY, x DOUBLE, y FLOAT)",
         "INSERT INTO floats VALUES " + ", ".join(f"({i}, {x!r}, {x!r})" for i, x in enumerate(FLOATS)
                                                  if abs(x) < 3.4e38),
         "CREATE TABLE texts (v VARCHAR(10))",
         "INSERT INTO texts VALUES (''), (NULL), ('\\\\.'), ('x'), ('a,b'), ('\"'), ('\\\\'), ('\\\\..')",
         "CREATE TABLE empty_t (a INT, b VARCHAR(3))",
         "CREATE TABLE log_t (n INT) ENGINE=MyISAM",  # not transactional: what ran stays counted
         BIG_FILL, BOOM,
         "CREATE FUNCTION logged() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO log_t VALUES (1); RETURN 1; END")
    return dsn


def normal_path(dsn: str, sql: str, delimiter: str) -> bytes:
    """What `shellkit sql DSN -c SQL --format csv|tsv` writes, in-process: driver then formatter."""
    from pgcli_like.drivers import open_driver
    from pgcli_like.formatting.delimited import delimited_chunks
    from pgcli_like.formatting.delimited import header_line as normal_header

    driver = open_driver(parse_dsn(dsn))
    try:
        result = driver.execute(sql)
        head = normal_header(result.columns, delimiter)
        return "".join(delimited_chunks(result.columns, result.batches(), delimiter=delimiter, head=head)).encode()
    finally:
        driver.close()


def exported(dsn: str, sql: str, delimiter: str, tmp_path) -> tuple[int | None, bytes]:
    path = tmp_path / "out.csv"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        n = export_mysql(parse_dsn(dsn), sql, delimiter, fd)
    finally:
        os.close(fd)
    return n, path.read_bytes()


def exported_error(dsn: str, sql: str, tmp_path) -> tuple[DatabaseError, bytes]:
    """The DatabaseError the exporter raised for ``sql`` (as csv), and what it wrote before it."""
    path = tmp_path / "out.csv"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        with pytest.raises(DatabaseError) as raised:
            export_mysql(parse_dsn(dsn), sql, ",", fd)
    finally:
        os.close(fd)
    return raised.value, path.read_bytes()


def assert_same(dsn: str, sql: str, delimiter: str, tmp_path) -> bytes:
    expected = normal_path(dsn, sql, delimiter)
    n, got = exported(dsn, sql, delimiter, tmp_path)
    assert n is not None, "the exporter declined"
    assert got == expected
    assert n == max(expected.count(b"\n") - 1, 0) or b'"' in expected  # rows (quoted fields may hold \n)
    return got


DELIMITERS = pytest.mark.parametrize("delimiter", [",", "\t"], ids=["csv", "tsv"])


@pytest.fixture(params=["wire", "pymysql"])
def via(request) -> str:
    """How the exporter logs in: its own small client, or PyMySQL (asking for TLS "preferred"
    makes it use PyMySQL; this server offers none, so the rows come the same way)."""
    return request.param


def routed(dsn: str, via: str) -> str:
    return dsn if via == "wire" else dsn + "?ssl_mode=preferred"


# -- byte equality with the normal path ------------------------------------------------------------

@DELIMITERS
def test_every_column_type(db, native, via, delimiter, tmp_path):
    got = assert_same(routed(db, via), "SELECT * FROM types ORDER BY id", delimiter, tmp_path)
    assert b"\\x00ff1000" in got and "😀 漢字 ñ".encode() in got and b"18446744073709551615" in got
    assert b"0.0000001000" in got  # the Decimal that str() would write as 1E-7


@DELIMITERS
@pytest.mark.parametrize("column", ["izf", "dzf", "y", "bit8", "g", "e", "st", "u", "ip", "j", "ts", "tm6"])
def test_each_special_column_alone(db, native, delimiter, column, tmp_path):
    assert_same(db, f"SELECT {column} FROM types ORDER BY id", delimiter, tmp_path)


@DELIMITERS
def test_expressions(db, native, delimiter, tmp_path):
    sql = ("SELECT 1e300, -0e0, 1.0, 0.1 + 0.2, 1 / 3, SQRT(2), PI(), NULL, 'x', x'00', _binary'a,b', 1 = 1,"
           " CAST(-5 AS UNSIGNED), CAST(1.5 AS FLOAT), CAST(2 AS DOUBLE), SEC_TO_TIME(3600.5), JSON_OBJECT('a', 1),"
           " CONVERT('é' USING latin1), CAST('abc' AS BINARY), 1 AS `a,b`, 2 AS `say \"x\"`, 3 AS `new\nline`,"
           " '' AS ``, 00012, -0.00, 1e-7, CAST(0.0000001 AS DECIMAL(20,10)), 18446744073709551615 + 0")
    assert_same(db, sql, delimiter, tmp_path)


@DELIMITERS
def test_doubles_and_floats_of_every_layout(db, native, delimiter, tmp_path):
    assert_same(db, "SELECT * FROM floats ORDER BY id", delimiter, tmp_path)


@DELIMITERS
def test_one_column_empty_null_and_copy_end_marker(db, native, delimiter, tmp_path):
    got = assert_same(db, "SELECT v FROM texts", delimiter, tmp_path)
    assert b'""\n""\n"\\."\n' in got
    assert_same(db, "SELECT v AS `` FROM texts", delimiter, tmp_path)
    assert_same(db, "SELECT v AS `\\.` FROM texts", delimiter, tmp_path)


@DELIMITERS
def test_zero_rows_writes_the_header(db, native, delimiter, tmp_path):
    got = assert_same(db, "SELECT * FROM empty_t", delimiter, tmp_path)
    assert got == f"a{delimiter}b\n".encode()
    n, _ = exported(db, "SELECT * FROM types WHERE 1 = 0", delimiter, tmp_path)
    assert n == 0


@DELIMITERS
def test_100k_rows(db, native, via, delimiter, tmp_path):
    got = assert_same(routed(db, via), "SELECT * FROM big", delimiter, tmp_path)
    assert got.count(b"\n") == 100_001


def test_statement_spellings(db, native, tmp_path):
    for sql in ("SELECT * FROM types;", "  select id from types ;  \n", "/* c */ (SELECT id FROM types)",
                "-- c\nSELECT id FROM types # tail", "WITH x AS (SELECT id FROM types) SELECT * FROM x",
                "VALUES (1, 'a'), (2, 'b')"):
        assert_same(db, sql, ",", tmp_path)


def test_a_row_longer_than_one_packet(db, native, via, tmp_path):
    # 16 MiB of row: split over two packets of the protocol.
    sql = "SELECT REPEAT('a', 16777000) AS a, REPEAT('b,', 500) AS b, 7 AS c"
    got = assert_same(routed(db, via), sql, ",", tmp_path)
    assert got.endswith(b'",7\n') and len(got) > 16_777_000


def test_the_real_command_writes_what_the_in_process_normal_path_writes(db, native, tmp_path):
    env = dict(os.environ, SHELLKIT_NO_FAST_EXPORT="1")
    sql = "SELECT * FROM types ORDER BY id"
    out = subprocess.run([sys.executable, "-m", "pgcli_like", db, "-c", sql, "--format", "csv"],
                         capture_output=True, env=env, check=True).stdout
    assert out == normal_path(db, sql, ",") == exported(db, sql, ",", tmp_path)[1]
    # And the command with its fast path on (the dispatcher calling this exporter), csv and tsv.
    env.pop("SHELLKIT_NO_FAST_EXPORT")
    for fmt in ("csv", "tsv"):
        fast = subprocess.run([sys.executable, "-m", "pgcli_like", db, "-c", sql, "--format", fmt],
                              capture_output=True, env=env, check=True)
        assert fast.stdout == normal_path(db, sql, "," if fmt == "csv" else "\t") and fast.stderr == b""


def test_warnings_go_to_stderr_as_the_normal_path_shows_them(db, native, via, tmp_path, capfd):
    n, got = exported(routed(db, via), "SELECT CAST('x1' AS INT) AS v", ",", tmp_path)
    assert n == 1 and got == b"v\n0\n"
    assert "Warning (1292): Truncated incorrect INTEGER value: 'x1'" in capfd.readouterr().err


# -- declining ------------------------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "INSERT INTO log_t VALUES (5)",
    "insert into log_t values (5)",
    "UPDATE log_t SET n = 5",
    "REPLACE INTO log_t VALUES (5)",
    "SELECT 5 INTO @x",
    "SELECT 5 INTO OUTFILE '/tmp/never'",
    "WITH x AS (SELECT 1) DELETE FROM log_t",
    "/*!INSERT INTO log_t VALUES (5)*/",
    "CALL p()",
    "SET @x = 5",
    "DO logged()",
    "SHOW TABLES",
    "CREATE TABLE never (a INT)",
    "SELEC 1",
    "",
    "  ;",
])
def test_declines_what_is_not_a_plain_query_without_running_it(db, native, sql, tmp_path):
    before = _scalar(db, "SELECT COUNT(*) FROM log_t")
    n, got = exported(db, sql, ",", tmp_path)
    assert n is None and got == b""
    assert _scalar(db, "SELECT COUNT(*) FROM log_t") == before
    assert _scalar(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'never'") == 0


@pytest.mark.parametrize("sql, logged", [
    ("SELECT FROM types", 0),  # a syntax error: a position near it
    ("SELECT nope FROM types", 0),  # a position at the name
    ("SELECT * FROM missing", 0),
    ("SELECT (SELECT id FROM types)", 0),  # fails as it runs
    ("SELECT seq, logged() FROM seq_1_to_5 WHERE seq < (SELECT id FROM types)", 0),
    ("SELECT seq, logged(), boom(seq + 59997) FROM seq_1_to_20", 3),  # among the first rows, after effects
])
def test_an_error_before_output_is_the_drivers_error_and_runs_once(db, native, via, sql, logged, tmp_path):
    """Reported here, not left to the normal path to run the statement a second time."""
    _run(db, "DELETE FROM log_t")
    fast, written = exported_error(routed(db, via), sql, tmp_path)
    assert written == b""
    assert _scalar(db, "SELECT COUNT(*) FROM log_t") == logged  # it ran once
    with pytest.raises(DatabaseError) as normal:
        normal_path(db, sql, ",")
    said = [(type(e), e.message, e.sqlstate, e.position) for e in (fast, normal.value)]
    assert said[0] == said[1]


def test_a_plain_query_runs_exactly_once(db, native, via, tmp_path):
    _run(db, "DELETE FROM log_t")
    assert exported(routed(db, via), "SELECT logged() AS x", ",", tmp_path) == (1, b"x\n1\n")
    assert _scalar(db, "SELECT COUNT(*) FROM log_t") == 1


def test_no_native_module_declines(db, monkeypatch, tmp_path):
    import pgcli_like.export.mysql as exporter

    monkeypatch.setattr(exporter, "load", lambda name: None)
    assert exported(db, "SELECT 1", ",", tmp_path) == (None, b"")


def test_a_login_that_fails_declines(mysql_server_dsn, native, tmp_path):
    # Access denied (the normal path would ask for a password, or say what failed).
    host = urlsplit(mysql_server_dsn)
    dsn = f"mysql://shk_nobody_{os.getpid()}@{host.hostname}:{host.port or 3306}/"
    assert exported(dsn, "SELECT 1", ",", tmp_path) == (None, b"")


def test_the_small_client_is_used_where_pymysql_would_not_use_tls(db, native):
    from pgcli_like.drivers.mysql_connect import base_args
    from pgcli_like.export.mysql import _open, _PyMySQLSession, _WireSession

    for dsn, kind in ((db, _WireSession), (routed(db, "pymysql"), _PyMySQLSession)):
        target = parse_dsn(dsn)
        session = _open(target, base_args(target, None))
        assert isinstance(session, kind)
        session.close(clean=True)


@pytest.fixture(scope="module")
def password_user(mysql_server_dsn, db):
    """A user with a mysql_native_password password (dropped at the end)."""
    user = f"shk_pw_{os.getpid()}"
    name = urlsplit(db).path.lstrip("/")
    _run(mysql_server_dsn, f"CREATE USER '{user}'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('s3cr,et')",
         f"GRANT SELECT ON `{name}`.* TO '{user}'@'%'")
    try:
        yield user
    finally:
        _run(mysql_server_dsn, f"DROP USER IF EXISTS '{user}'@'%'")


def test_a_password_login(db, native, via, password_user, tmp_path):
    p = urlsplit(db)
    good = f"mysql://{password_user}:s3cr%2Cet@{p.hostname}:{p.port or 3306}{p.path}"
    bad = f"mysql://{password_user}:wrong@{p.hostname}:{p.port or 3306}{p.path}"
    nothing = f"mysql://{password_user}@{p.hostname}:{p.port or 3306}{p.path}"
    assert exported(routed(good, via), "SELECT v FROM texts", ",", tmp_path)[0] == 8
    assert exported(routed(bad, via), "SELECT v FROM texts", ",", tmp_path) == (None, b"")
    assert exported(routed(nothing, via), "SELECT v FROM texts", ",", tmp_path) == (None, b"")


def test_another_client_charset_declines(db, native, tmp_path):
    assert exported(db + "?charset=latin1", "SELECT 1", ",", tmp_path) == (None, b"")


# -- errors, closed readers, Ctrl-C ----------------------------------------------------------------

def test_an_error_mid_stream_raises_after_the_rows_before_it(db, native, via, tmp_path):
    sql = "SELECT seq, boom(seq) AS b, REPEAT('x', 20) AS pad FROM seq_1_to_100000"
    with pytest.raises(DatabaseError) as normal:
        normal_path(db, sql, ",")
    fast, written = exported_error(routed(db, via), sql, tmp_path)
    assert fast.message == normal.value.message == "boom at 60000"
    assert fast.sqlstate == normal.value.sqlstate
    lines = written.split(b"\n")
    assert lines[0] == b"seq,b,pad" and lines[1] == b"1,1," + b"x" * 20
    assert 1 < len(lines) - 2 < 60000  # whole records up to the error (written in chunks)
    assert lines[-1] == b""  # nothing cut in the middle of a record


def test_a_closed_reader_raises_broken_pipe_and_stops_the_query(db, native):
    read, write = os.pipe()
    os.close(read)
    try:
        with pytest.raises(BrokenPipeError):
            export_mysql(parse_dsn(routed(db, via)), "SELECT * FROM big /* shk_epipe */", ",", write)
    finally:
        os.close(write)
    assert _wait_gone(db, "shk_epipe")


def _running(dsn: str, marker: str) -> int:
    return _scalar(dsn, "SELECT COUNT(*) FROM information_schema.processlist "
                        f"WHERE info LIKE '%{marker}%' AND info NOT LIKE '%processlist%'")


def _wait_gone(dsn: str, marker: str, limit: float = 5.0) -> bool:
    """The statement marked ``marker`` is no longer on the server (polled, bounded)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not _running(dsn, marker):
            return True
    return False


def test_ctrl_c_kills_the_query_then_raises_keyboard_interrupt(db, native, via, tmp_path):
    marker = f"shk_sigint_{os.getpid()}"
    sql = f"SELECT SLEEP(60) AS s /* {marker} */"

    def interrupt_once_running() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _running(db, marker):
            pass
        os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=interrupt_once_running)
    fd = os.open(tmp_path / "out.csv", os.O_WRONLY | os.O_CREAT)
    started = time.monotonic()
    try:
        thread.start()
        with pytest.raises(KeyboardInterrupt):
            export_mysql(parse_dsn(routed(db, via)), sql, ",", fd)
    finally:
        thread.join()
        os.close(fd)
    assert time.monotonic() - started < 30  # not the 60 s of the sleep
    assert _wait_gone(db, marker)  # killed on the server, not merely abandoned
    assert (tmp_path / "out.csv").read_bytes() == b""


# -- the statement check, kinds and header without a server ---------------------------------------

@pytest.mark.parametrize("sql, plain", [
    ("SELECT 1", True), ("  (select 1)", True), ("/* x */ SELECT 1", True), ("# x\nSELECT 1", True),
    ("-- x\nSELECT 1", True), ("--x\nSELECT 1", False), ("VALUES (1)", True), ("TABLE t", True),
    ("WITH a AS (SELECT 1) SELECT * FROM a", True), ("SELECT update_time FROM t", True),
    ("SELECT 1 INTO @x", False), ("SELECT * FROM t FOR UPDATE", False), ("WITH a AS (SELECT 1) UPDATE t SET x=1", False),
    ("/*! SELECT */ DELETE FROM t", False), ("SELECT 1 /*M!100000 INTO @x */", False), ("SHOW TABLES", False),
    ("EXPLAIN SELECT 1", False), ("", False), ("SELECTX 1", False),
])
def test_is_plain_query(sql, plain):
    assert is_plain_query(sql) is plain


def test_column_kinds_decline_unknown_types():
    class F:
        def __init__(self, code, charset=33):
            self.type_code, self.charsetnr = code, charset

    assert column_kinds([F(3), F(253), F(253, 63), F(246), F(5), F(12), F(245, 63)]) == bytes([1, 4, 6, 2, 3, 5, 4])
    assert column_kinds([F(3), F(242)]) is None


def test_header_line():
    assert header_line(["a", "b,c", 'd"e', "f\ng"], ",") == b'a,"b,c","d""e","f\ng"\n'
    assert header_line(["a", "b,c"], "\t") == b"a\tb,c\n"
    assert header_line([""], ",") == b'""\n' and header_line(["\\."], "\t") == b'"\\."\n'


# -- the C function alone: values and hostile packets -----------------------------------------------

def _packet(payload: bytes, seq: int) -> bytes:
    return len(payload).to_bytes(3, "little") + bytes([seq]) + payload


def _lenc(value: bytes | None) -> bytes:
    if value is None:
        return b"\xfb"
    n = len(value)
    if n < 251:
        return bytes([n]) + value
    if n < 1 << 16:
        return b"\xfc" + n.to_bytes(2, "little") + value
    if n < 1 << 24:
        return b"\xfd" + n.to_bytes(3, "little") + value
    return b"\xfe" + n.to_bytes(8, "little") + value


_EOF = b"\xfe\x02\x00\x22\x00"


def test_transcode_rows_then_eof(native):
    rows = _packet(_lenc(b"007") + _lenc(b"-00.50") + _lenc(b"1e15") + _lenc(b'a"b') + _lenc(b"\x01\xff"), 5)
    rows += _packet(_lenc(None) * 5, 6) + _packet(_EOF, 7) + b"next"
    used, out, seq, n, status, detail = native.transcode(rows, bytes([1, 2, 3, 4, 6]), ord(","), 5)
    assert (status, n, seq, detail) == (1, 2, 8, (2, 0x22))
    assert out == b'7,-0.50,1e15,"a""b",\\x01ff\n,,,,\n' and rows[used:] == b"next"


def test_transcode_stops_at_incomplete_and_error_packets(native):
    row = _packet(_lenc(b"1"), 0)
    assert native.transcode(row[:-1], b"\x01", 44, 0)[4:] == (0, len(row))
    assert native.transcode(row[:2], b"\x01", 44, 0)[4:] == (0, 4)
    err = b"\xff\x15\x04#HY000boom"
    used, out, seq, n, status, detail = native.transcode(row + _packet(err, 1) + row, b"\x01", 44, 0)
    assert (out, n, status, detail, used) == (b"1\n", 1, 2, err, len(row) + 4 + len(err))
    big = b"\xff\xff\xff\x00"
    assert native.transcode(big + b"x" * 10, b"\x04", 44, 0)[4] == 3


@pytest.mark.parametrize("packet, kinds", [
    (_packet(_lenc(b"1"), 1), b"\x01"),  # out of sequence
    (_packet(_lenc(b"1") + b"x", 0), b"\x01"),  # longer than its columns
    (_packet(_lenc(b"1"), 0), b"\x01\x01"),  # shorter
    (_packet(b"\x05ab", 0), b"\x04"),  # a field past the packet's end
    (_packet(b"\xfd\x01", 0), b"\x04"),  # a truncated length
    (_packet(b"\xff" * 9 + b"x", 0), b"\x04"),  # long packet starting 0xFF: an error packet, not a row
    (_packet(b"\xfe" + b"\x00" * 9, 0), b"\x04"),  # 8-byte length beyond the packet
    (_packet(_lenc(b"1a"), 0), b"\x01"), (_packet(_lenc(b""), 0), b"\x01"), (_packet(_lenc(b"-"), 0), b"\x01"),
    (_packet(_lenc(b"1."), 0), b"\x02"), (_packet(_lenc(b".5"), 0), b"\x02"), (_packet(_lenc(b"1e5"), 0), b"\x02"),
    (_packet(_lenc(b"1x"), 0), b"\x03"), (_packet(_lenc(b"1_0"), 0), b"\x03"), (_packet(_lenc(b"1\x000"), 0), b"\x03"),
    (_packet(_lenc(b"\xc3"), 0), b"\x04"), (_packet(_lenc(b"\xed\xa0\x80"), 0), b"\x04"),
    (_packet(_lenc(b"\xc0\x80"), 0), b"\x04"), (_packet(_lenc(b"\xf4\x90\x80\x80"), 0), b"\x04"),
    (_packet(_lenc(b"\x80"), 0), b"\x05"), (_packet(b"", 0), b"\x04"),
])
def test_transcode_rejects_malformed_packets_and_values(native, packet, kinds):
    result = None
    try:
        result = native.transcode(packet, kinds, 44, 0)
    except native.MalformedError:
        return
    assert result[4] == 2 and packet[4] == 0xFF  # the one case that is an error packet


def test_transcode_checks_its_arguments(native):
    for args in [(b"", b"", 44, 0), (b"", b"\x07", 44, 0), (b"", b"\x01", 34, 0), (b"", b"\x01", 300, 0),
                 (b"", b"\x01", 44, 256), (b"", b"\x01", 44, -1)]:
        with pytest.raises(ValueError):
            native.transcode(*args)


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=300), kinds=st.binary(min_size=1, max_size=6).map(
    lambda b: bytes(1 + x % 6 for x in b)), seq=st.integers(0, 255), delim=st.sampled_from([44, 9]))
def test_fuzz_garbage_gives_a_result_or_malformed_error(native, data, kinds, seq, delim):
    try:
        used, out, new_seq, n, status, detail = native.transcode(data, kinds, delim, seq)
    except native.MalformedError:
        return
    assert 0 <= used <= len(data) and 0 <= new_seq <= 255 and status in (0, 1, 2, 3)
    try:
        native.transcode_row(data, kinds, delim)
    except native.MalformedError:
        pass


_VALUE = st.one_of(st.none(), st.binary(max_size=40), st.text(st.characters(blacklist_categories=("Cs",)), max_size=20).map(str.encode),
                   st.integers(-10**30, 10**30).map(lambda i: str(i).encode()))


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(_VALUE, min_size=3, max_size=3), max_size=5), cut=st.integers(0, 2000),
       flip=st.tuples(st.integers(0, 2000), st.integers(0, 255)))
def test_fuzz_well_formed_rows_cut_and_flipped(native, rows, cut, flip):
    stream = b"".join(_packet(b"".join(map(_lenc, r)), i % 256) for i, r in enumerate(rows))
    stream += _packet(_EOF, len(rows) % 256)
    for data in (stream[:cut], stream[:flip[0]] + bytes([flip[1]]) + stream[flip[0] + 1:]):
        try:
            native.transcode(data, b"\x04\x06\x01", 44, 0)
        except native.MalformedError:
            pass
    # Unmodified: every row, then the end (text columns that are not UTF-8 are malformed).
    try:
        used, out, seq, n, status, _ = native.transcode(stream, b"\x06\x06\x06", 44, 0)
    except native.MalformedError:
        pytest.fail("well-formed binary rows rejected")
    assert (used, n, status) == (len(stream), len(rows), 1)


@settings(max_examples=3000, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_is_mysql_float_text(native, x):
    for text in (repr(x), f"{x:.6g}", f"{x:.17g}", repr(x).replace("e+", "e")):
        assert native.float_text(text.encode()) == mysql_float_text(float(text))


@settings(max_examples=2000, deadline=None)
@given(sign=st.sampled_from(["", "-"]), whole=st.from_regex(r"\A[0-9]{1,40}\Z"),
       frac=st.one_of(st.just(""), st.from_regex(r"\A[0-9]{1,35}\Z")))
def test_ints_and_decimals_are_written_as_int_and_decimal_write_them(native, sign, whole, frac):
    text = sign + whole + ("." + frac if frac else "")
    decimal = Decimal(text)
    expected = str(decimal) if "E" not in str(decimal) else format(decimal, "f")
    assert native.transcode_row(_lenc(text.encode()), b"\x02", 44) == expected.encode() + b"\n"
    if not frac:
        assert native.transcode_row(_lenc(text.encode()), b"\x01", 44) == str(int(text)).encode() + b"\n"


def test_float_text_of_special_spellings(native):
    assert native.float_text(b"inf") == "Infinity" and native.float_text(b"-inf") == "-Infinity"
    assert native.float_text(b"nan") == "NaN" and native.float_text(b"-0") == "0"


def _csv_field(text: str, delimiter: str) -> str:
    if delimiter in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


@settings(max_examples=3000, deadline=None)
@given(raw=st.one_of(st.binary(max_size=40), st.text(st.sampled_from('ab,"\n\r\té€😀\x00\x7f'), max_size=40).map(
    str.encode)), delim=st.sampled_from([",", "\t"]))
def test_text_is_checked_and_quoted_as_python_decodes_and_quotes_it(native, raw, delim):
    row = _lenc(raw) + _lenc(b"1")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        with pytest.raises(native.MalformedError):
            native.transcode_row(row, b"\x04\x01", ord(delim))
    else:
        expected = _csv_field(text, delim) + delim + "1\n"
        assert native.transcode_row(row, b"\x04\x01", ord(delim)) == expected.encode()
    if raw.isascii():
        expected = _csv_field(raw.decode(), delim) + delim + "1\n"
        assert native.transcode_row(row, b"\x05\x01", ord(delim)) == expected.encode()
    else:
        with pytest.raises(native.MalformedError):
            native.transcode_row(row, b"\x05\x01", ord(delim))
