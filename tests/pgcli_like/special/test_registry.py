"""Recognising special commands, finding them per engine, and their error messages."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError, ExitRequested
from pgcli_like.special.registry import commands_for, is_special, run_special, split_trailing_command


@pytest.mark.parametrize("line,engine", [
    ("\\dt", "postgresql"), ("  \\d+ foo", "postgresql"), (".tables", "sqlite"), ("USE foo;", "mysql"),
    ("use foo", "postgresql"), ("quit", "mysql"), ("exit", "sqlite"), (":q", "postgresql"),
    ("select 1 \\gx", "postgresql"), ("select 1\\G", "mysql"), ("\\nosuch", "sqlite"),
])
def test_recognises_special_lines(line, engine):
    assert is_special(line, engine)


@pytest.mark.parametrize("line,engine", [
    ("select 1", "postgresql"), ("select '\\gx'", "postgresql"), (".tables", "postgresql"),
    ("select 'a\\'b'", "mysql"), ("exit 1", "sqlite"), ("use", "mysql"), ("SHOW TABLES", "mysql"),
    ("DESCRIBE t", "mysql"), ("-- \\dt", "postgresql"), ("select $$ \\x $$", "postgresql"),
])
def test_leaves_sql_to_the_server(line, engine):
    assert not is_special(line, engine)


def test_splits_sql_from_its_trailing_command():
    assert split_trailing_command("select 1 \\g out.txt", "postgresql") == ("select 1", "\\g out.txt")
    assert split_trailing_command("\\dt", "postgresql") is None


def test_unknown_command_suggests_the_closest(sqlite_ctx):
    with pytest.raises(CommandError, match=r"unknown command \\timng; did you mean \\timing\?"):
        run_special(sqlite_ctx, "\\timng")


def test_dot_commands_exist_only_on_sqlite():
    pg = {n for c in commands_for("postgresql") for n in c.names}
    lite = {n for c in commands_for("sqlite") for n in c.names}
    assert ".tables" not in pg and ".read" not in pg
    assert {".read", ".mode", ".open", "\\i", "\\T"} <= lite


def test_every_command_has_usage_and_description():
    for engine in ("postgresql", "mysql", "sqlite"):
        for cmd in commands_for(engine):
            assert cmd.usage and cmd.description, cmd.name


def test_quit_words_end_the_shell(sqlite_ctx):
    for line in ("\\q", "quit", "exit", ":q"):
        with pytest.raises(ExitRequested):
            run_special(sqlite_ctx, line)


def test_help_lists_commands_and_explains_one(sqlite_ctx):
    run_special(sqlite_ctx, "\\?")
    text = "\n".join(sqlite_ctx.lines)
    assert "\\timing [on|off]" in text and "Formatting" in text
    sqlite_ctx.lines.clear()
    run_special(sqlite_ctx, "\\? \\x")
    assert sqlite_ctx.lines[0] == "\\x [on|off|auto]"
    sqlite_ctx.lines.clear()
    run_special(sqlite_ctx, "\\? timing")
    assert sqlite_ctx.lines[0] == "\\timing [on|off]"


def test_too_many_arguments_prints_usage(sqlite_ctx):
    with pytest.raises(CommandError, match=r"too many arguments; usage: \\x \[on\|off\|auto\]"):
        run_special(sqlite_ctx, "\\x on off")


def test_several_backslash_commands_on_one_line_run_in_turn(sqlite_ctx):
    run_special(sqlite_ctx, "\\x on \\timing on")
    assert sqlite_ctx.settings.expanded == "on" and sqlite_ctx.settings.timing
    run_special(sqlite_ctx, "\\echo 'not \\\\x here' \\t")
    assert sqlite_ctx.lines[-2:] == ["not \\x here", "Tuples only is on."]


def test_help_with_an_empty_quoted_argument_lists_the_commands(sqlite_ctx):
    run_special(sqlite_ctx, "\\? '")
    assert "General" in sqlite_ctx.lines


@pytest.mark.parametrize("typed, verbose, system", [
    ("\\dt", False, False), ("\\dt+", True, False), ("\\dtS", False, True),
    ("\\dtS+", True, True), ("\\dt+S", True, True),  # psql takes the modifiers in either order
])
def test_modifiers_in_either_order(typed, verbose, system):
    from pgcli_like.special.registry import _lookup, _parse_name

    assert _parse_name(typed + " orders") == (typed, " orders")
    cmd, is_verbose, is_system = _lookup(typed, "postgresql")
    assert (cmd.name, is_verbose, is_system) == ("\\dt", verbose, system)


@pytest.mark.parametrize("typed", ["\\dt++", "\\dtSS", "\\dt+S+"])
def test_a_modifier_twice_is_unknown(typed):
    from pgcli_like.special.registry import _lookup

    assert _lookup(typed, "postgresql") is None
