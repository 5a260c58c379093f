"""Session commands: output settings, connecting, files, the operating system."""

from __future__ import annotations

import os

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import run_special


def test_expanded_toggles_and_takes_auto(sqlite_ctx):
    run_special(sqlite_ctx, "\\x")
    assert sqlite_ctx.settings.expanded == "on"
    run_special(sqlite_ctx, "\\x auto")
    assert sqlite_ctx.settings.expanded == "auto"
    run_special(sqlite_ctx, "\\x off")
    assert sqlite_ctx.lines == ["Expanded display is on.", "Expanded display is used automatically.",
                                "Expanded display is off."]
    with pytest.raises(CommandError, match="usage"):
        run_special(sqlite_ctx, "\\x sideways")


def test_timing_toggles(sqlite_ctx):
    run_special(sqlite_ctx, "\\timing")
    assert sqlite_ctx.settings.timing
    run_special(sqlite_ctx, "\\timing off")
    assert not sqlite_ctx.settings.timing
    assert sqlite_ctx.lines == ["Timing is on.", "Timing is off."]


def test_table_format_accepts_known_names_and_psql_aliases(sqlite_ctx):
    run_special(sqlite_ctx, "\\T csv")
    assert sqlite_ctx.settings.format == "csv"
    run_special(sqlite_ctx, "\\pset format aligned")
    assert sqlite_ctx.settings.format == "table"
    run_special(sqlite_ctx, ".mode json")
    assert sqlite_ctx.settings.format == "json"
    with pytest.raises(CommandError, match="unknown format 'nope'"):
        run_special(sqlite_ctx, "\\T nope")


def test_pset_options(sqlite_ctx):
    s = sqlite_ctx.settings
    run_special(sqlite_ctx, "\\pset null (null)")
    run_special(sqlite_ctx, "\\pset border 2")
    run_special(sqlite_ctx, "\\pset title 'My title'")
    run_special(sqlite_ctx, "\\pset footer off")
    run_special(sqlite_ctx, "\\pset tuples_only on")
    run_special(sqlite_ctx, "\\pset pager off")
    assert (s.null, s.border, s.title, s.footer, s.tuples_only, s.pager_enabled) == \
        ("(null)", 2, "My title", False, True, False)
    run_special(sqlite_ctx, "\\pset pager 'less -S'")
    assert s.pager == "less -S" and s.pager_enabled
    with pytest.raises(CommandError, match="too many arguments"):
        run_special(sqlite_ctx, "\\pset pager less -S")
    assert 'Null display is "(null)".' in sqlite_ctx.lines
    sqlite_ctx.lines.clear()
    run_special(sqlite_ctx, "\\pset")
    assert any(line.startswith("border") for line in sqlite_ctx.lines)
    with pytest.raises(CommandError, match="unknown option 'colour'"):
        run_special(sqlite_ctx, "\\pset colour red")
    with pytest.raises(CommandError, match="border must be 0, 1 or 2"):
        run_special(sqlite_ctx, "\\pset border 9")


def test_tuples_only_shortcut(sqlite_ctx):
    run_special(sqlite_ctx, "\\t")
    assert sqlite_ctx.settings.tuples_only


def test_echo_joins_arguments_and_interpolates(sqlite_ctx):
    sqlite_ctx.variables["who"] = "world"
    run_special(sqlite_ctx, "\\echo hello   :who 'two  spaces'")
    assert sqlite_ctx.lines == ["hello world two  spaces"]


def test_output_file_to_unwritable_path_is_one_message(sqlite_ctx):
    with pytest.raises(CommandError, match=r"\\o: cannot write /nonexistent/x"):
        run_special(sqlite_ctx, "\\o /nonexistent/x")
    run_special(sqlite_ctx, "\\o")
    assert sqlite_ctx.output_file is None


def test_shell_command_runs_and_cd_changes_directory(sqlite_ctx, tmp_path, capfd):
    run_special(sqlite_ctx, f"\\cd {tmp_path}")
    try:
        assert os.getcwd() == str(tmp_path)
        run_special(sqlite_ctx, "\\! echo made > here.txt")
        assert (tmp_path / "here.txt").read_text() == "made\n"
        run_special(sqlite_ctx, "\\! exit 3")
        assert sqlite_ctx.warnings == ["\\!: command exited with status 3"]
    finally:
        os.chdir(os.path.dirname(__file__))
    with pytest.raises(CommandError, match="No such file or directory"):
        run_special(sqlite_ctx, "\\cd /nonexistent/dir")


def test_refresh_asks_the_session(sqlite_ctx):
    run_special(sqlite_ctx, "\\refresh")
    assert sqlite_ctx.refreshed == 1


def test_connect_to_another_sqlite_file_and_back(sqlite_ctx, tmp_path):
    other = tmp_path / "other.db"
    run_special(sqlite_ctx, f"\\c {other}")
    assert sqlite_ctx.driver.target.database == str(other)
    assert sqlite_ctx.lines[-1] == f'You are now connected to SQLite database "{other}".'
    run_special(sqlite_ctx, f".open {tmp_path / 'third.db'}")
    assert sqlite_ctx.driver.target.database.endswith("third.db")


def test_connect_switches_database_on_the_same_postgres_server(pg_ctx, make_pg_database):
    from urllib.parse import urlsplit

    name = urlsplit(make_pg_database("h_connect")).path.lstrip("/")
    run_special(pg_ctx, f"\\c {name}")
    assert pg_ctx.driver.current_database == name
    assert pg_ctx.lines[-1].startswith(f'You are now connected to database "{name}" as user "postgres"')
    run_special(pg_ctx, "\\conninfo")
    assert pg_ctx.lines[-1].startswith(f'You are connected to database "{name}"')


def test_use_switches_database_on_mysql(mysql_ctx, make_mysql_database):
    from urllib.parse import urlsplit

    name = urlsplit(make_mysql_database("h_use")).path.lstrip("/")
    run_special(mysql_ctx, f"USE {name};")
    assert mysql_ctx.driver.current_database == name
    mysql_ctx.run_sql("select database()")
    assert mysql_ctx.shown[-1].rows == [(name,)]


def test_connect_failure_is_one_message_and_keeps_the_old_connection(pg_ctx):
    old = pg_ctx.driver
    with pytest.raises(CommandError, match="could not connect"):
        run_special(pg_ctx, "\\c no_such_database_h")
    assert pg_ctx.driver is old and pg_ctx.run_sql("select 1")


def test_connect_port_must_be_a_number(pg_ctx):
    with pytest.raises(CommandError, match="invalid port 'abc'"):
        run_special(pg_ctx, "\\c - - - abc")


def test_history_shows_this_connections_entries_in_order_and_saves_them(sqlite_ctx, tmp_path):
    from shellkit.history import SharedFileHistory, history_path

    path = history_path("sql", sqlite_ctx.driver.target.history_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    history = SharedFileHistory(path)
    for entry in ("select 1", "select 2"):
        history.store_string(entry)
    run_special(sqlite_ctx, "\\s")
    assert sqlite_ctx.lines == ["select 1", "select 2"]
    run_special(sqlite_ctx, f"\\s {tmp_path / 'h.txt'}")
    assert (tmp_path / "h.txt").read_text() == "select 1\nselect 2\n"
