"""Variable interpolation as psql does it, and \\set/\\unset/\\prompt."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import run_special
from pgcli_like.special.variables import interpolate, is_on, parse_assignment


def test_interpolates_plain_literal_and_identifier_forms():
    v = {"t": "my table", "n": "it's"}
    assert interpolate("select * from :\"t\" where x = :'n' limit :n", v) == \
        "select * from \"my table\" where x = 'it''s' limit it's"


def test_leaves_strings_comments_dollar_quotes_and_casts_alone():
    v = {"a": "X"}
    sql = "select ':a', \":a\", 1::int, $$ :a $$, $f$:a$f$ -- :a\n/* :a */ :a"
    assert interpolate(sql, v) == "select ':a', \":a\", 1::int, $$ :a $$, $f$:a$f$ -- :a\n/* :a */ X"


def test_unknown_variable_is_left_as_typed():
    assert interpolate("select :nope, :'nope'", {"a": "1"}) == "select :nope, :'nope'"


def test_literal_with_backslash_uses_escape_string_on_postgres_and_doubles_on_mysql():
    assert interpolate(":'p'", {"p": "a\\b"}) == "E'a\\\\b'"
    assert interpolate(":'p'", {"p": "a\\b"}, engine="mysql") == "'a\\\\b'"
    assert interpolate(':"p"', {"p": "a`b"}, engine="mysql") == "`a``b`"


def test_mysql_backslash_escaped_quote_does_not_end_the_string():
    assert interpolate(r"select 'it\'s :a', :a", {"a": "1"}, engine="mysql") == r"select 'it\'s :a', 1"


def test_booleans_read_like_psql():
    assert all(is_on(v) for v in ("on", "ON", "1", "true", "t", "yes", "y"))
    assert not any(is_on(v) for v in ("off", "0", "false", "no", "", None, "o"))


def test_assignment_from_the_command_line():
    assert parse_assignment("A=b=c") == ("A", "b=c")
    with pytest.raises(CommandError):
        parse_assignment("no equals")


def test_set_lists_sets_concatenates_and_unset_removes(sqlite_ctx):
    run_special(sqlite_ctx, "\\set name foo bar")
    run_special(sqlite_ctx, "\\set empty")
    assert sqlite_ctx.variables == {"name": "foobar", "empty": ""}
    run_special(sqlite_ctx, "\\set")
    assert sqlite_ctx.lines == ["empty = ''", "name = 'foobar'"]
    run_special(sqlite_ctx, "\\unset name")
    assert "name" not in sqlite_ctx.variables


def test_set_value_from_another_variable(sqlite_ctx):
    sqlite_ctx.variables["a"] = "42"
    run_special(sqlite_ctx, "\\set b :a")
    assert sqlite_ctx.variables["b"] == "42"


def test_variables_reach_the_server(sqlite_ctx):
    run_special(sqlite_ctx, "\\set v 'it''s'")
    assert sqlite_ctx.run_sql("select :'v' as x")
    assert sqlite_ctx.shown[-1].rows == [("it's",)]


def test_prompt_reads_a_line_into_a_variable(sqlite_ctx, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("hello\n"))
    run_special(sqlite_ctx, "\\prompt 'Name? ' who")
    assert sqlite_ctx.variables["who"] == "hello"


def test_unset_without_name_prints_usage(sqlite_ctx):
    with pytest.raises(CommandError, match=r"usage: \\unset NAME"):
        run_special(sqlite_ctx, "\\unset")
