"""The fast export path takes exactly `[DSN] -c SQL --format csv|tsv` and declines the rest."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pgcli_like.export import Request, parse_args, run


@pytest.mark.parametrize("args", [
    ["db.sqlite", "-c", "SELECT 1", "--format", "csv"],
    ["--format=csv", "db.sqlite", "--command=SELECT 1"],
    ["-cSELECT 1", "--format", "csv", "db.sqlite"],
    ["--command", "SELECT 1", "db.sqlite", "--format", "csv"],
])
def test_the_accepted_spellings_of_one_command_and_a_delimited_format(args):
    assert parse_args(args) == Request("db.sqlite", "SELECT 1", ",")


def test_tsv_and_no_dsn():
    assert parse_args(["-c", "SELECT 1", "--format", "tsv"]) == Request(None, "SELECT 1", "\t")


@pytest.mark.parametrize("args", [
    ["db.sqlite", "-c", "SELECT 1"],  # no format: a table
    ["db.sqlite", "-c", "SELECT 1", "--format", "json"],
    ["db.sqlite", "-c", "SELECT 1", "-c", "SELECT 2", "--format", "csv"],  # runs both, in turn
    ["db.sqlite", "-c", "SELECT 1", "--format", "csv", "--format", "tsv"],
    ["db.sqlite", "-c", "SELECT 1", "--format", "csv", "-v", "x=1"],
    ["db.sqlite", "-c", "SELECT 1", "--format", "csv", "--read-only"],
    ["db.sqlite", "other", "-c", "SELECT 1", "--format", "csv"],
    ["db.sqlite", "-f", "q.sql", "--format", "csv"],
    ["db.sqlite", "-c"],
    ["--help"],
])
def test_anything_else_is_left_to_the_normal_command(args):
    assert parse_args(args) is None


@pytest.mark.parametrize("sql", [
    "SELECT 1; SELECT 2",
    "\\dt",
    "SELECT 1 \\gx",
    "INSERT INTO t VALUES (1)",
    "PRAGMA table_info(t)",
    "",
])
def test_run_declines_what_is_not_one_plain_query(sql, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run([str(tmp_path / "x.db"), "-c", sql, "--format", "csv"]) is None
    assert not (tmp_path / "x.db").exists()  # nothing was opened, let alone created


def test_the_environment_switch_turns_it_off(tmp_path, monkeypatch):
    monkeypatch.setenv("SHELLKIT_NO_FAST_EXPORT", "1")
    assert run([str(tmp_path / "x.db"), "-c", "SELECT 1", "--format", "csv"]) is None


def test_a_password_in_the_dsn_is_left_to_the_normal_path_which_hides_it(monkeypatch):
    monkeypatch.delenv("SHELLKIT_SQL_PASSWORD", raising=False)
    assert run(["postgresql://u:secret@127.0.0.1:1/db", "-c", "SELECT 1, 2", "--format", "csv"]) is None


def test_timing_in_the_configuration_keeps_the_normal_path(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[sql]\ntiming = true\n", encoding="utf-8")
    monkeypatch.setenv("SHELLKIT_CONFIG", str(config))
    db = tmp_path / "t.db"
    import sqlite3

    sqlite3.connect(db).close()
    assert run([str(db), "-c", "SELECT 1, 2", "--format", "csv"]) is None


def test_the_shellkit_command_finds_the_fast_path_through_its_entry_point(tmp_path):
    """End to end: the installed `shellkit` reaches pgcli_like.export without click."""
    db = tmp_path / "t.db"
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (a int, b text)")
        conn.execute("INSERT INTO t VALUES (1, 'x,y'), (NULL, '')")
    probe = ("import sys, runpy; sys.argv = ['shellkit', 'sql', sys.argv[1], '-c', 'SELECT * FROM t', "
             "'--format', 'csv']\nfrom shellkit.cli import main\nstatus = main()\n"
             "print('click' in sys.modules, status, file=sys.stderr)")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.stdout == 'a,b\n1,"x,y"\n,\n'
    from pgcli_like.native import load

    if load("_sqlite_export") is not None:
        assert done.stderr.strip() == "False 0"  # the native exporter wrote it, click never loaded


def test_stdout_in_another_encoding_keeps_the_normal_path(tmp_path):
    db = tmp_path / "t.db"
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (a int, b text)")
        conn.execute("INSERT INTO t VALUES (1, 'é')")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([sys.executable, "-m", "pgcli_like", str(db), "-c", "SELECT * FROM t", "--format", "csv"],
                          capture_output=True, env=env, timeout=60)
    assert done.stdout == "a,b\n1,é\n".encode("latin-1")
