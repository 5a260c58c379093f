"""The PostgreSQL exporter (libpq + COPY, no psycopg): the normal path's bytes where the normal
path would use COPY, None (nothing written, nothing run) everywhere else, errors after output as
DatabaseError, EPIPE and Ctrl-C cancelling the query on the server."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import psycopg
import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import ColumnInfo, ConnectionLost, DatabaseError
from pgcli_like.drivers.postgres_rules import BUILTIN_TYPE_NAMES, conninfo_string, copy_sql
from pgcli_like.dsn import parse_dsn
from pgcli_like.export.postgres import export_postgres
from pgcli_like.formatting import OutputStats, format_result
from pgcli_like.native import load
from pgcli_like.settings import OutputSettings

pytestmark = pytest.mark.postgres

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module", autouse=True)
def native_module():
    """The accelerator must be built; without it every test here would only see None."""
    if load("_pg_copy") is None:
        msg = "pgcli_like.native._pg_copy is not built (pip install -e . with gcc and libpq-dev)"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(f"SKIPPED LOUDLY: {msg}")


SETUP = r"""
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE kinds (
  id int, i2 int2, i8 int8, o oid, n numeric, n2 numeric(12,2), f4 float4, f8 float8, b bool, t text,
  v varchar(20), nm name, ch char(4), by bytea, d date, tm time, tz timetz, ts timestamp, tstz timestamptz,
  iv interval, u uuid, j json, jb jsonb, ip inet, net cidr, mac macaddr, mac8 macaddr8, mo money,
  ai int[], at text[], ab bool[], an numeric[], ats timestamptz[], ach char(2)[], aj jsonb[], m mood);
INSERT INTO kinds VALUES
 (1, -32768, -9223372036854775808, 4294967295, 0, -0.50, 1.5, 0.1, true, 'plain', 'v', 'nm', 'ab',
  '\x00ff10', '2024-02-29', '23:59:59.999999', '12:00+05:30', '2024-01-02 03:04:05', '2024-01-02 03:04:05+00',
  '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, "x,y"]}',
  '{"b": "q\"uote", "a": 1}', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05',
  12.34, '{1,NULL,3}', '{"a,b","say \"hi\"",NULL,"",x}', '{t,f}', '{1.5,NaN}',
  '{"2024-01-01 00:00:00+00"}', '{a,"b "}', ARRAY['{"k": 1}'::jsonb], 'ok'),
 (2, 32767, 9223372036854775807, 0, 12345678901234567890.123456789, 1234567890.12, 'Infinity', '-Infinity',
  false, E'he said "hi", ok', '', '', '', '\x', '4713-01-01 BC', '00:00', '00:00:00-12', '294276-12-31 23:59:59',
  'infinity', '-178000000 years', '00000000-0000-0000-0000-000000000000', 'null', '[]', '::1', '::/0',
  'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00:00:00', -92233720368547758.08, '{}', '{}', '{}', '{}', '{}', '{}',
  '{}', 'sad'),
 (3, 0, 0, 1, -1e-20, 0, 'NaN', 'NaN', NULL, E'line1\nline2\r\nend', E'tab\there', 'x,y', NULL, NULL, NULL,
  '12:34:56.1', NULL, '2024-06-01 12:00:00.123456', '2024-06-01 12:00:00.123456+02', '-1 mon', NULL,
  '"s"', '{"emoji": "😀", "cjk": "日本語"}', NULL, NULL, NULL, NULL, 0, '{{1,2},{3,4}}', '{"日本","😀"}',
  NULL, NULL, NULL, NULL, NULL, NULL),
 (4, NULL, NULL, NULL, NULL, NULL, 1e-45, 1e308, NULL, '', NULL, NULL, NULL, NULL, '-infinity', NULL, NULL,
  '-infinity', '-infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL),
 (5, 1, 1, 1, 1.0, 1, -0, -0, true, '\.', '"', '日本語 😀 ünï', NULL, '\x22', '2000-01-01', '00:00:00.000001',
  '00:00:00.000001+14', '2000-01-01 00:00:00.5', '1999-12-31 23:59:59.999999-08', '0', NULL, '[1, 2.50, 1e3]',
  '[1, 2.50, 1e3]', NULL, NULL, NULL, NULL, NULL, '{-1}', '{"\\"}', NULL, '{-0.0}', NULL, NULL, NULL, NULL),
 (6, NULL, NULL, NULL, NULL, NULL, 3.4028235e38, 2.2250738585072014e-308, false, ' lead and trail ', 'a"b',
  E'x\ry', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE people (id int, name text, note text);
INSERT INTO people VALUES (1, 'ann', 'a,b'), (2, 'bob', NULL), (3, '', 'x');
CREATE FUNCTION noisy() RETURNS TABLE (a int, b text) LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'starting %', 'now';
  RAISE WARNING 'careful';
  RETURN QUERY SELECT 1, 'one';
END $$;
"""
ELIGIBLE = ("id, i2, i8, o, n, n2, f4, f8, b, t, v, nm, by, d, tm, tz, ts, tstz, iv, u, j, jb, ip, net, mac, mac8, "
            "mo, ai, at, ab, an, ats, ach, aj")
BIG = """SELECT g AS id, 'name ' || g AS name, timestamp '2024-01-01' + g * interval '1 minute' AS created,
  (g * 1.25)::numeric(12,2) AS amount, g % 2 = 0 AS active, CASE WHEN g % 3 = 0 THEN 'note ' || g END AS note,
  CASE WHEN g % 5 <> 0 THEN g * 7 END AS qty, md5(g::text) AS code FROM generate_series(1, 100000) g"""


@pytest.fixture(scope="module")
def pg(make_pg_database):
    dsn = make_pg_database("pgexport")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SETUP)
    driver = open_driver(parse_dsn(dsn))
    yield dsn, driver
    driver.close()


def _target(dsn: str, app: str | None = None, **options: str):
    """The exporter's target; ``app`` names its connection (to find it in pg_stat_activity)."""
    extra = dict(options)
    if app is not None:
        extra["application_name"] = app
    return dataclasses.replace(parse_dsn(dsn), options=tuple(extra.items()))


def _export(target, sql: str, delimiter: str, tmp_path) -> tuple[int | None, bytes]:
    path = tmp_path / f"out_{uuid.uuid4().hex[:6]}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        result = export_postgres(target, sql, delimiter, fd)
    finally:
        os.close(fd)
    return result, path.read_bytes()


def _normal_rows(driver, statement: str, delimiter: str) -> tuple[bytes, int]:
    """What the normal path prints (driver → formatter) as bytes, and its row count."""
    fmt = "csv" if delimiter == "," else "tsv"
    stats = OutputStats()
    chunks = format_result(driver.execute(statement), OutputSettings(format=fmt, color=False), width=80,
                           stats=stats)
    return "".join(chunks).encode("utf-8"), stats.rows


def _normal(driver, statement: str, delimiter: str) -> bytes:
    return _normal_rows(driver, statement, delimiter)[0]


def _uses_copy(driver, statement: str, delimiter: str) -> bool:
    result = driver.execute(statement)
    try:
        return result.copy_delimited(delimiter, lambda n: None) is not None
    finally:
        result.close()


def _backends(dsn: str, app: str) -> list[tuple]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute("SELECT pid, state, query FROM pg_stat_activity WHERE application_name = %s",
                            (app,)).fetchall()


def _wait_until(condition, what: str, seconds: float = 15.0):
    """Poll ``condition`` (a server-side state) until it is true; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- the same bytes -------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", "\t"])
@pytest.mark.parametrize("sql", [
    f"SELECT {ELIGIBLE} FROM kinds ORDER BY id",
    "SELECT id, t, v, nm FROM kinds ORDER BY id",
    'SELECT 1 AS "a,b", 2 AS "say ""hi""", 3 AS "new\nline", 4 AS "tab\there", 5 AS "日本"',
    "SELECT id, name, note FROM people ORDER BY id",
    "SELECT * FROM people WHERE false",  # zero rows: the header alone
    "VALUES (1, 'a'), (2, NULL), (3, '')",
    "TABLE people",
    "WITH x AS (SELECT id, name FROM people) SELECT * FROM x ORDER BY id",
    "SELECT g, g::text || ',' FROM generate_series(1, 3000) g",
    "SELECT id, t FROM kinds ORDER BY id -- a trailing comment",
])
def test_the_normal_paths_bytes(pg, tmp_path, sql, delimiter):
    dsn, driver = pg
    assert _uses_copy(driver, sql, delimiter)
    expected, count = _normal_rows(driver, sql, delimiter)
    assert _export(_target(dsn), sql, delimiter, tmp_path) == (count, expected)


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_every_eligible_type_is_taken(pg, tmp_path, delimiter):
    dsn, driver = pg
    sql = f"SELECT {ELIGIBLE} FROM kinds ORDER BY id"
    rows, out = _export(_target(dsn), sql, delimiter, tmp_path)
    assert rows == 6
    assert out == _normal(driver, sql, delimiter)
    assert "😀".encode() in out and "日本語".encode() in out and b'"line1\nline2\r\nend"' in out


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_a_hundred_thousand_rows(pg, tmp_path, delimiter):
    dsn, driver = pg
    rows, out = _export(_target(dsn), BIG, delimiter, tmp_path)
    assert rows == 100_000
    assert out == _normal(driver, BIG, delimiter)
    assert out.count(b"\n") == 100_001


@pytest.mark.parametrize("typed", [
    "SELECT 1, 2;",
    "  SELECT 1, 2 ;  \n",
    "/* first */ SELECT 1, 2; -- done",
    "SELECT 'a;b', 2;",
])
def test_the_statement_as_the_session_would_run_it(pg, tmp_path, typed):
    """The user's text is what the normal command line gets: compare with it, fast path off."""
    dsn, _ = pg
    env = dict(os.environ, SHELLKIT_NO_FAST_EXPORT="1")
    normal = subprocess.run([sys.executable, "-m", "pgcli_like", dsn, "-c", typed, "--format", "csv"],
                            capture_output=True, env=env, cwd=REPO, timeout=60)
    assert normal.returncode == 0, normal.stderr
    rows, out = _export(_target(dsn), typed, ",", tmp_path)
    assert rows == 1
    assert out == normal.stdout


def test_the_command_line_with_the_fast_path_prints_the_same_notices(pg, tmp_path):
    dsn, _ = pg
    runs = []
    for fast in (False, True):
        env = dict(os.environ)
        if not fast:
            env["SHELLKIT_NO_FAST_EXPORT"] = "1"
        runs.append(subprocess.run([sys.executable, "-m", "pgcli_like", dsn, "-c", "SELECT * FROM noisy()",
                                    "--format", "csv"], capture_output=True, env=env, cwd=REPO, timeout=60))
    (normal, fast) = runs
    assert normal.returncode == fast.returncode == 0
    assert fast.stdout == normal.stdout == b"a,b\n1,one\n"
    assert fast.stderr == normal.stderr == b"NOTICE:  starting now\nWARNING:  careful\n"


def test_notices_go_to_stderr(pg, tmp_path, capsys):
    dsn, _ = pg
    rows, out = _export(_target(dsn), "SELECT * FROM noisy()", ",", tmp_path)
    assert (rows, out) == (1, b"a,b\n1,one\n")
    assert capsys.readouterr().err == "NOTICE:  starting now\nWARNING:  careful\n"


# -- None: nothing written, the normal path decides -------------------------------------------

@pytest.mark.parametrize("sql", [
    "SELECT 1, FROM",  # syntax error
    "SELECT nosuch, 1 FROM people",  # unknown column
    "SELECT 2, 'x'::int",  # fails while planned: nothing ran
    "SELECT 1",  # one column: the normal path writes a lone '' as ""
    "SELECT FROM people",  # no column at all
    "SELECT id, m FROM kinds",  # enum
    "SELECT id, ch FROM kinds",  # bpchar
    "SELECT 1, point(1, 2)",  # a type the normal path formats itself
    "SELECT 1, '<a/>'::xml",
    "SELECT 1, ARRAY['ok'::mood]",  # an array of a type the exporter cannot name without asking
    "SELECT $1, 2",  # a parameter
    "SELECT 1, 2; SELECT 3, 4",
    "SELECT 1, 2 \\gx",
    "INSERT INTO people VALUES (9, 'no', 'no')",
    "UPDATE people SET name = 'no'",
    "SELECT 1 AS a, 2 AS b INTO made_by_select_into",
    "WITH gone AS (DELETE FROM people RETURNING *) SELECT * FROM gone",
    "CREATE TABLE made_by_create (a int)",
    "",
])
def test_declined_statements_write_nothing_and_change_nothing(pg, tmp_path, sql):
    dsn, _ = pg
    assert _export(_target(dsn), sql, ",", tmp_path) == (None, b"")
    with psycopg.connect(dsn, autocommit=True) as conn:
        assert conn.execute("SELECT count(*), min(name) FROM people").fetchone() == (3, "")
        made = conn.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'made_by_%'").fetchone()
        assert made == (0,)


def test_eligibility_never_exceeds_the_normal_paths(pg, tmp_path):
    """Where the exporter answers, the normal path uses COPY too (the other way is allowed)."""
    dsn, driver = pg
    for column in [c.strip() for c in ELIGIBLE.split(",")] + ["ch", "m"]:
        sql = f"SELECT id, {column} FROM kinds ORDER BY id"
        rows, out = _export(_target(dsn), sql, ",", tmp_path)
        if rows is not None:
            assert _uses_copy(driver, sql, ","), column
            assert out == _normal(driver, sql, ",")
        else:
            assert column in ("ch", "m")


@pytest.mark.parametrize("change", [
    {"port": 1},  # nothing listens there
    {"database": "no_such_database_at_all"},
    {"user": "no_such_role_at_all"},
])
def test_no_connection_is_none(pg, tmp_path, change):
    dsn, _ = pg
    target = dataclasses.replace(_target(dsn), **change)
    assert _export(target, "SELECT 1, 2", ",", tmp_path) == (None, b"")


def test_a_client_encoding_other_than_utf8_is_none(pg, tmp_path):
    dsn, _ = pg
    assert _export(_target(dsn, client_encoding="LATIN1"), "SELECT 1, 'é'", ",", tmp_path) == (None, b"")


def test_other_delimiters_and_engines_are_none(pg, tmp_path):
    dsn, _ = pg
    assert _export(_target(dsn), "SELECT 1, 2", ";", tmp_path) == (None, b"")
    sqlite = dataclasses.replace(_target(dsn), engine="sqlite")
    assert _export(sqlite, "SELECT 1, 2", ",", tmp_path) == (None, b"")


# -- errors once the statement ran, EPIPE, Ctrl-C ----------------------------------------------

@pytest.mark.parametrize("sql, nextvals", [
    ("SELECT 1/0, 2", 0),  # fails as it starts
    ("SELECT nextval('export_seq'), 1/(g-2) FROM generate_series(1, 3) g", 2),  # at its second row
    ("SELECT 2, x::text::int FROM (VALUES ('1'), ('x')) v(x)", 0),
])
def test_an_error_before_any_output_is_reported_not_run_again(pg, tmp_path, sql, nextvals):
    """It ran: leaving it to the normal path would run it twice (nextval() twice, say)."""
    dsn, driver = pg
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SEQUENCE IF EXISTS export_seq")
        conn.execute("CREATE SEQUENCE export_seq")
    path = tmp_path / "out.csv"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with pytest.raises(DatabaseError) as mine:
            export_postgres(_target(dsn), sql, ",", fd)
    finally:
        os.close(fd)
    assert path.read_bytes() == b""  # no header, no row: as the normal path prints
    with psycopg.connect(dsn, autocommit=True) as conn:
        called = conn.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM export_seq").fetchone()
    assert called == (nextvals,)  # one run
    with pytest.raises(DatabaseError) as normal:
        _normal(driver, sql, ",")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SEQUENCE export_seq")
    def said(err):
        return err.message, err.sqlstate, err.position, err.detail, err.hint, err.context

    assert said(mine.value) == said(normal.value)


def test_an_error_after_output_raises_with_the_rows_before_it_written(pg, tmp_path):
    dsn, _ = pg
    app = f"pgexport_{uuid.uuid4().hex[:8]}"
    path = tmp_path / "partial.csv"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with pytest.raises(DatabaseError) as caught:
            export_postgres(_target(dsn, app), "SELECT 1/(g-50000), g FROM generate_series(1,100000) g", ",", fd)
    finally:
        os.close(fd)
    err = caught.value
    assert (err.message, err.sqlstate, err.position) == ("division by zero", "22012", None)
    lines = path.read_bytes().split(b"\n")
    assert lines[0] == b"?column?,g" and lines[-1] == b""  # whole records only
    body = lines[1:-1]
    assert 1000 < len(body) < 50_000
    assert body == [f"{0 if g < 49999 else -1},{g}".encode() for g in range(1, len(body) + 1)]
    _wait_until(lambda: not _backends(dsn, app), "the exporter's connection to close")


def test_a_backend_killed_after_output_is_a_lost_connection(pg, tmp_path):
    dsn, _ = pg
    app = f"pgexport_{uuid.uuid4().hex[:8]}"
    path = tmp_path / "killed.csv"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    caught: list[BaseException] = []
    sql = "SELECT g, repeat('x', 100000) || pg_sleep(CASE WHEN g = 10 THEN 30 ELSE 0 END) FROM generate_series(1, 20) g"

    def run():
        try:
            export_postgres(_target(dsn, app), sql, ",", fd)
        except BaseException as err:  # noqa: BLE001 - examined below
            caught.append(err)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        _wait_until(lambda: path.stat().st_size > 0, "the first rows to be written")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                         (app,))
    finally:
        thread.join(30)
        os.close(fd)
    assert len(caught) == 1 and isinstance(caught[0], ConnectionLost), caught
    assert caught[0].message == "terminating connection due to administrator command"
    assert path.read_bytes().startswith(b"g,?column?\n1,xxxx")


def test_a_closed_reader_raises_broken_pipe_and_stops_the_query(pg):
    dsn, _ = pg
    app = f"pgexport_{uuid.uuid4().hex[:8]}"
    read_end, write_end = os.pipe()
    got = bytearray()

    def reader():  # `| head -c 65536`
        while len(got) < 65536:
            data = os.read(read_end, 65536 - len(got))
            if not data:
                break
            got.extend(data)
        os.close(read_end)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with pytest.raises(BrokenPipeError):
            export_postgres(_target(dsn, app), "SELECT g, 'row ' || g FROM generate_series(1, 1000000) g", ",",
                            write_end)
    finally:
        os.close(write_end)
        thread.join()
    assert got.startswith(b"g,?column?\n1,row 1\n2,row 2\n")
    _wait_until(lambda: not _backends(dsn, app), "the exporter's connection to close")


CTRL_C = """
import dataclasses, os, sys
from pgcli_like.dsn import parse_dsn
from pgcli_like.export.postgres import export_postgres
target = dataclasses.replace(parse_dsn(sys.argv[1]), options=(("application_name", sys.argv[2]),))
fd = os.open(os.devnull, os.O_WRONLY)
try:
    result = export_postgres(target, sys.argv[3], ",", fd)
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
    sys.exit(42)
print("finished", result, flush=True)
"""


@pytest.mark.parametrize("sql", [
    "SELECT 1 AS a, 2 AS b FROM pg_sleep(30)",  # no row yet
    "SELECT g, pg_sleep(CASE WHEN g = 10 THEN 30 ELSE 0 END) IS NULL FROM generate_series(1, 20) g",  # midway
])
def test_ctrl_c_cancels_the_query_on_the_server(pg, sql):
    dsn, _ = pg
    app = f"pgexport_{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C, dsn, app, sql], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=REPO)
    try:
        _wait_until(lambda: any(state == "active" and query.startswith("COPY")
                                for _, state, query in _backends(dsn, app)), "the COPY to run")
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out) == (42, b"KeyboardInterrupt\n"), err
    assert elapsed < 5
    _wait_until(lambda: not any(query.startswith("COPY") and state == "active"
                                for _, state, query in _backends(dsn, app)), "the query to be gone")
    _wait_until(lambda: not _backends(dsn, app), "the exporter's connection to close")


def test_the_connection_is_closed_after_a_good_export(pg, tmp_path):
    dsn, _ = pg
    app = f"pgexport_{uuid.uuid4().hex[:8]}"
    assert _export(_target(dsn, app), "SELECT 1, 2", ",", tmp_path) == (1, b"?column?,?column?\n1,2\n")
    _wait_until(lambda: not _backends(dsn, app), "the exporter's connection to close")


# -- the shared rules ---------------------------------------------------------------------------

def test_the_type_table_matches_the_server_and_psycopg(pg):
    from psycopg.postgres import types

    dsn, _ = pg
    with psycopg.connect(dsn, autocommit=True) as conn:
        server = {oid: name for oid, name in conn.execute(
            "SELECT t.oid::int, CASE WHEN t.typcategory = 'A' THEN e.typname || '[]' ELSE t.typname END "
            "FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem WHERE t.oid = ANY(%s)",
            (list(BUILTIN_TYPE_NAMES),)).fetchall()}
    assert server == BUILTIN_TYPE_NAMES
    for oid, name in BUILTIN_TYPE_NAMES.items():
        info = types.get(oid)  # what the driver names the column
        assert info is not None
        assert info.name.strip('"') + ("[]" if oid == info.array_oid else "") == name
        assert copy_sql("SELECT 1", [ColumnInfo("a", name, "other")] * 2, ",") is not None or name == "bpchar"


@pytest.mark.parametrize("value", ["plain", "", "two words", "it's", "back\\slash", "tab\there", "'quoted'"])
def test_conninfo_quoting_is_psycopgs(value):
    from psycopg.conninfo import make_conninfo

    params = {"host": "127.0.0.1", "password": value, "options": f"-c x={value}"}
    assert conninfo_string(params) == make_conninfo("", **params)
