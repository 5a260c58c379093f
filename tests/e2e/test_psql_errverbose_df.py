"""psql's ``\\errverbose`` and ``\\df`` kind letters in the real ``shellkit sql`` on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import psycopg
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

PROMPT = r"\w[*!]?[>#]"


def _env() -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": "cat"}
    env.pop("DATABASE_URL", None)
    return env


def _shellkit_sql() -> list[str]:
    """`shellkit sql` as a user runs it (the console script next to this Python, if installed)."""
    script = Path(sys.executable).with_name("shellkit")
    return [str(script), "sql"] if script.exists() else [sys.executable, "-m", "pgcli_like"]


def test_errverbose_in_the_shell_shows_the_last_error_verbosely(pg_dsn):
    command = _shellkit_sql()
    child = pexpect.spawn(command[0], [*command[1:], pg_dsn], env=_env(), encoding="utf-8",
                          dimensions=(40, 120), timeout=20)
    child.expect(PROMPT)
    child.send("\\errverbose\r")
    child.expect_exact("There is no previous error.")
    child.expect(PROMPT)
    child.send("select 1/0;\r")
    child.expect_exact("ERROR:  division by zero")
    child.expect(PROMPT)
    child.send("select 2 as fine;\r")
    child.expect_exact("(1 row)")
    child.expect(PROMPT)
    child.send("\\errverbose\r")
    child.expect_exact("ERROR:  22012: division by zero\r\nLOCATION:  int4div, int.c:")
    child.expect(PROMPT)
    child.send("\\q\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_df_kind_letters_from_the_command_line(pg_dsn):
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("create or replace function e2e_kind_fn(a int) returns int language sql as 'select a';"
                     "create or replace aggregate e2e_kind_agg(int) (sfunc = int4pl, stype = int);"
                     "create or replace procedure e2e_kind_proc() language sql as 'select 1'")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*_shellkit_sql(), pg_dsn, *args], capture_output=True,
                              text=True, timeout=60, env=_env(), check=False)

    aggregates = run("-c", "\\dfa e2e_kind*", "--format", "csv")
    assert aggregates.returncode == 0, aggregates.stderr
    assert [line.split(",")[1] for line in aggregates.stdout.splitlines()[1:]] == ["e2e_kind_agg"]
    both = run("-c", "\\dfpn+ e2e_kind*", "--format", "csv")
    assert [line.split(",")[1] for line in both.stdout.splitlines()[1:]] == ["e2e_kind_fn", "e2e_kind_proc"]
    bad = run("-c", "\\dfaz")
    assert bad.returncode == 1
    assert bad.stderr.strip() == "\\df only takes [anptwS+] as options"
