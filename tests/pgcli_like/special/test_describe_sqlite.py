"""Describe commands and dot commands on SQLite."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import run_special

SCHEMA = """
create table a(id integer primary key, name text not null default 'x' unique, n int check (n > 0));
create table b(id int, a_id int references a(id) on delete cascade, g int generated always as (id * 2));
create index b_a on b(a_id) where a_id is not null;
create view v as select id from a;
create trigger tr after insert on a begin select 1; end;
"""


@pytest.fixture
def ctx(sqlite_ctx):
    assert sqlite_ctx.run_sql(SCHEMA)
    sqlite_ctx.shown.clear()
    return sqlite_ctx


def test_lists(ctx):
    run_special(ctx, "\\dt")
    assert ctx.shown[-1].rows == [("main", "a", "table"), ("main", "b", "table")]
    run_special(ctx, "\\dv")
    assert ctx.shown[-1].rows == [("main", "v", "view")]
    run_special(ctx, "\\di")
    assert ctx.shown[-1].rows == [("main", "b_a", "index", "b")]
    run_special(ctx, "\\dt b*")
    assert ctx.shown[-1].rows == [("main", "b", "table")]


def test_dot_commands(ctx, sqlite_path):
    run_special(ctx, ".tables")
    assert ctx.lines == ["a", "b", "v"]
    ctx.lines.clear()
    run_special(ctx, ".indexes b")
    assert ctx.lines == ["b_a"]
    ctx.lines.clear()
    run_special(ctx, ".schema b")
    assert ctx.lines == [
        "CREATE TABLE b(id int, a_id int references a(id) on delete cascade, g int generated always as (id * 2));",
        "CREATE INDEX b_a on b(a_id) where a_id is not null;",
    ]
    run_special(ctx, ".databases")
    assert ctx.shown[-1].rows == [("main", sqlite_path)]


def test_describe_table(ctx):
    run_special(ctx, "\\d a")
    shown = ctx.shown[-1]
    assert shown.title == 'Table "main.a"'
    assert shown.rows == [("id", "INTEGER", "", "", "primary key"), ("name", "TEXT", "not null", "'x'", ""),
                          ("n", "INT", "", "", "")]
    assert shown.footer.split("\n") == [
        "Indexes:", '    "sqlite_autoindex_a_1" UNIQUE CONSTRAINT (name)',
        "Referenced by:", '    TABLE "b" FOREIGN KEY (a_id) REFERENCES a(id) ON DELETE CASCADE',
        "Triggers:", "    CREATE TRIGGER tr after insert on a begin select 1; end",
    ]
    run_special(ctx, "describe b")
    assert ctx.shown[-1].rows[2] == ("g", "INT", "", "", "generated")
    assert ctx.shown[-1].footer.split("\n")[:2] == ["Indexes:", '    "b_a" (a_id) partial']


def test_attached_databases_are_searched(ctx, tmp_path):
    ctx.run_sql(f"attach database '{tmp_path / 'other.db'}' as other; create table other.o(x int)")
    run_special(ctx, "\\dt other.*")
    assert ctx.shown[-1].rows == [("other", "o", "table")]
    run_special(ctx, "\\d o")
    assert ctx.shown[-1].title == 'Table "other.o"'


def test_missing_table(ctx):
    with pytest.raises(CommandError, match="Did not find any relation"):
        run_special(ctx, "\\d nope")
    run_special(ctx, "\\dt nope")
    assert ctx.warnings == ['Did not find any relation named "nope".']
