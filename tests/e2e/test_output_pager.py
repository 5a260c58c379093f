"""Big results in the real SQL shell: the first page appears in the pager at once, quitting
the pager gives back a working prompt, and the CLI's data formats read back exactly."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pexpect
import pytest

pytestmark = pytest.mark.e2e

# The prompt is the database name and > or # (the test databases: big.db, and *_pg).
PROMPT = r"(big|_pg)[>#]"
BIG_SQLITE = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 1000000) SELECT n, 'row ' || n AS label FROM c;"
BIG_PG = "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 1000000) g;"


def _env() -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": "less"}
    env.pop("LESS", None)
    env.pop("DATABASE_URL", None)
    return env


def _spawn(target: str, tmp_path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "pgcli_like", target], cwd=str(tmp_path), env=_env(),
                          encoding="utf-8", dimensions=(24, 100), timeout=30)
    child.expect(PROMPT)
    return child


def _page_then_quit(child: pexpect.spawn, sql: str) -> None:
    child.send(sql + "\r")
    child.expect_exact("| row 1")  # the first page, from less
    child.expect(r"\n:")  # less waits for a key: the rest has not been read
    child.send("q")
    child.expect(PROMPT)
    child.send("SELECT 40 + 2 AS answer;\r")
    child.expect_exact("42")
    child.expect(PROMPT)


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_sqlite_million_rows_page_and_quit(tmp_path):
    child = _spawn(str(tmp_path / "big.db"), tmp_path)
    try:
        _page_then_quit(child, BIG_SQLITE)
    finally:
        child.close(force=True)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_postgres_million_rows_page_and_quit(pg_dsn, tmp_path):
    child = _spawn(pg_dsn, tmp_path)
    try:
        _page_then_quit(child, BIG_PG)
    finally:
        child.close(force=True)


def _cli(target: str, sql: str, fmt: str) -> str:
    return subprocess.run([sys.executable, "-m", "pgcli_like", target, "-c", sql, "--format", fmt],
                          capture_output=True, text=True, env=_env(), timeout=60, check=True).stdout


def test_cli_csv_and_json_read_back_as_the_tables_rows(tmp_path):
    import sqlite3

    path = str(tmp_path / "t.db")
    rows = [(1, "plain", 1.5, None), (2, 'comma, "quote"\nline', -2.25, "x"), (3, "日本語", 0.0, "")]
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (id integer, name text, price real, note text)")
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    sql = "SELECT * FROM t ORDER BY id"
    as_csv = list(csv.reader(io.StringIO(_cli(path, sql, "csv"))))
    assert as_csv == [["id", "name", "price", "note"]] + [[str(i), n, repr(p), o or ""] for i, n, p, o in rows]
    as_json = json.loads(_cli(path, sql, "json"))
    assert [tuple(obj.values()) for obj in as_json] == rows
    as_jsonl = [json.loads(line) for line in _cli(path, sql, "jsonl").splitlines()]
    assert as_jsonl == as_json


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_cli_prints_floats_as_psql_does(pg_dsn):
    sql = ("SELECT 1::float8 AS one, 2.5::float8 AS half, 1e15::float8 AS big, 1e-5::float8 AS tiny, "
           "0.1::float4 AS single")
    ours = _cli(pg_dsn, sql, "table")
    psql = subprocess.run(["psql", "-X", pg_dsn, "-c", sql], capture_output=True, text=True, check=True).stdout
    assert ours == psql
    assert " 1 |  2.5 | 1e+15 | 1e-05 |    0.1" in ours


@pytest.mark.mysql
def test_cli_sql_insert_on_mariadb_uses_backquotes(mysql_dsn):
    out = _cli(mysql_dsn, "SELECT 1 AS `select`, 'x' AS `two words`", "sql-insert")
    assert out == "INSERT INTO query_result (`select`, `two words`) VALUES (1, 'x');\n"
