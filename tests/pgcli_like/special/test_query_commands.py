"""Commands that run or edit a query: \\g, \\gx, \\watch, \\e, \\ef, \\ev, \\i, \\ir."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import AlreadyReported, CommandError
from pgcli_like.special.registry import run_special


def test_g_runs_the_sql_before_it_into_a_file_or_a_pipe(sqlite_ctx, tmp_path):
    run_special(sqlite_ctx, f"select 1 as a \\g {tmp_path / 'out.txt'}")
    assert sqlite_ctx.shown[-1].rows == [(1,)]
    assert sqlite_ctx.shown[-1].dest == str(tmp_path / "out.txt")
    run_special(sqlite_ctx, "\\g | grep 1")
    assert sqlite_ctx.shown[-1].dest == "|grep 1" and sqlite_ctx.shown[-1].rows == [(1,)]


def test_gx_and_mysql_G_show_one_result_expanded(sqlite_ctx, mysql_ctx):
    run_special(sqlite_ctx, "select 2 \\gx")
    assert sqlite_ctx.shown[-1].expanded is True
    run_special(mysql_ctx, "select 3\\G")
    assert mysql_ctx.shown[-1].expanded is True and mysql_ctx.shown[-1].rows == [(3,)]


def test_g_with_a_buffer_passed_by_the_session(sqlite_ctx):
    run_special(sqlite_ctx, "\\gx", buffer="select 4")
    assert sqlite_ctx.shown[-1].rows == [(4,)] and sqlite_ctx.shown[-1].expanded


def test_g_without_any_query_says_so(sqlite_ctx):
    with pytest.raises(CommandError, match="no query to run"):
        run_special(sqlite_ctx, "\\g")


def test_watch_reruns_the_query_count_times(pg_ctx):
    pg_ctx.run_sql("select 1")
    run_special(pg_ctx, "\\watch 0.01 c=3")
    assert len(pg_ctx.shown) == 4
    assert pg_ctx.lines[0].endswith("(every 0.01s)")


def test_watch_stops_at_a_failing_query_with_one_message(pg_ctx):
    with pytest.raises(AlreadyReported):  # the session counts the failure and prints nothing more
        run_special(pg_ctx, "select 1/0 \\watch 0.01")
    assert pg_ctx.warnings == ["division by zero"]
    assert pg_ctx.run_sql("select 1")  # the session still works


def test_watch_rejects_a_bad_interval(sqlite_ctx):
    with pytest.raises(CommandError, match="usage"):
        run_special(sqlite_ctx, "select 1 \\watch soon")
    with pytest.raises(CommandError, match="positive"):
        run_special(sqlite_ctx, "select 1 \\watch 0")


def test_edit_runs_the_saved_text(sqlite_ctx, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    sqlite_ctx.editor = lambda text: text.replace("1", "2")
    sqlite_ctx.run_sql("select 1 as n")
    run_special(sqlite_ctx, "\\e")
    assert sqlite_ctx.edits[-1] == ("select 1 as n", None)
    assert sqlite_ctx.shown[-1].rows == [(2,)]


def test_edit_unchanged_runs_nothing(sqlite_ctx, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    run_special(sqlite_ctx, "select 5 \\e")
    assert sqlite_ctx.edits == [("select 5", None)] and sqlite_ctx.shown == []


def test_edit_a_file(sqlite_ctx, monkeypatch, tmp_path):
    monkeypatch.setenv("EDITOR", "true")
    script = tmp_path / "q.sql"
    script.write_text("select 7")
    sqlite_ctx.editor = lambda text: text
    run_special(sqlite_ctx, f"\\e {script}")
    assert sqlite_ctx.edits == [("select 7", str(script))] and sqlite_ctx.shown[-1].rows == [(7,)]


def test_edit_without_an_editor_is_one_message(sqlite_ctx, monkeypatch):
    for name in ("EDITOR", "VISUAL", "PSQL_EDITOR"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CommandError, match=r"no editor: set \$EDITOR"):
        run_special(sqlite_ctx, "\\e")


def test_edit_function_and_view_on_postgres(pg_ctx, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    pg_ctx.run_sql("create or replace function h_f(a int) returns int language sql as 'select a'; "
                   "create or replace view h_v as select 1 as one")
    pg_ctx.editor = lambda text: text.replace("select a", "select a * 10")
    run_special(pg_ctx, "\\ef h_f(int)")
    assert pg_ctx.edits[-1][0].startswith("CREATE OR REPLACE FUNCTION public.h_f(a integer)")
    pg_ctx.run_sql("select h_f(2)")
    assert pg_ctx.shown[-1].rows == [(20,)]
    pg_ctx.editor = lambda text: text.replace("1 AS one", "2 AS one")
    run_special(pg_ctx, "\\ev h_v")
    assert pg_ctx.edits[-1][0] == "CREATE OR REPLACE VIEW public.h_v AS\n SELECT 1 AS one\n"
    pg_ctx.run_sql("select * from h_v")
    assert pg_ctx.shown[-1].rows == [(2,)]
    with pytest.raises(CommandError, match='function "nope" does not exist'):
        run_special(pg_ctx, "\\ef nope")


def test_include_runs_a_file_and_include_relative_resolves_from_it(sqlite_ctx, tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "inner.sql").write_text("select 'inner' as w;\n")
    (sub / "outer.sql").write_text("select 'outer' as w;\n\\ir inner.sql\n")
    run_special(sqlite_ctx, f"\\i {sub / 'outer.sql'}")
    assert [s.rows for s in sqlite_ctx.shown] == [[("outer",)], [("inner",)]]
    run_special(sqlite_ctx, f".read {sub / 'inner.sql'}")
    assert sqlite_ctx.shown[-1].rows == [("inner",)]


def test_include_of_a_missing_file_is_one_message(sqlite_ctx):
    with pytest.raises(CommandError, match=r"\\i: /nonexistent.sql: No such file or directory"):
        run_special(sqlite_ctx, "\\i /nonexistent.sql")


def test_on_error_stop_stops_an_included_file(sqlite_ctx, tmp_path):
    script = tmp_path / "s.sql"
    script.write_text("select 1;\nselect nope;\nselect 3;\n")
    with pytest.raises(AlreadyReported):
        run_special(sqlite_ctx, f"\\i {script}")
    assert len(sqlite_ctx.shown) == 2
    sqlite_ctx.shown.clear()
    run_special(sqlite_ctx, "\\set ON_ERROR_STOP on")
    with pytest.raises(AlreadyReported):
        run_special(sqlite_ctx, f"\\i {script}")
    assert len(sqlite_ctx.shown) == 1


def test_gset_stores_one_row_in_variables(pg_ctx):
    run_special(pg_ctx, "select 1 as a, 'x' as b, null as c, true as d \\gset p_")
    assert {k: v for k, v in pg_ctx.variables.items() if k.startswith("p_")} == {"p_a": "1", "p_b": "x", "p_d": "t"}
    assert pg_ctx.shown == []
    with pytest.raises(CommandError, match="returned 2 rows, not one"):
        run_special(pg_ctx, "select 1 union all select 2 \\gset")


def test_gexec_runs_each_value(sqlite_ctx):
    sqlite_ctx.run_sql("create table g1(x int); create table g2(x int)")
    run_special(sqlite_ctx, "select 'insert into ' || name || ' values (1)' from sqlite_master"
                            " where name like 'g_' \\gexec")
    sqlite_ctx.run_sql("select (select count(*) from g1) + (select count(*) from g2)")
    assert sqlite_ctx.shown[-1].rows == [(2,)]


def test_print_and_write_the_last_query(sqlite_ctx, tmp_path):
    run_special(sqlite_ctx, "\\p")
    assert sqlite_ctx.lines == ["Query buffer is empty."]
    sqlite_ctx.run_sql("select 42")
    run_special(sqlite_ctx, "\\p")
    run_special(sqlite_ctx, f"\\w {tmp_path / 'q.sql'}")
    assert sqlite_ctx.lines[-1] == "select 42" and (tmp_path / "q.sql").read_text() == "select 42\n"


def test_setenv_and_getenv(sqlite_ctx, monkeypatch):
    monkeypatch.delenv("H_TEST_ENV", raising=False)
    run_special(sqlite_ctx, "\\setenv H_TEST_ENV hello")
    run_special(sqlite_ctx, "\\getenv v H_TEST_ENV")
    assert sqlite_ctx.variables["v"] == "hello"
    run_special(sqlite_ctx, "\\setenv H_TEST_ENV")
    import os

    assert "H_TEST_ENV" not in os.environ
