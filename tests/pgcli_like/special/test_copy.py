"""\\copy on all three engines: files, programs, stdout, options, and all-or-nothing loads."""

from __future__ import annotations

import os

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.copy_command import parse_copy, parse_options
from pgcli_like.special.registry import run_special


def test_parses_table_columns_query_targets_and_options():
    spec = parse_copy("t (a, b) from 'my file.csv' with (format csv, header)")
    assert (spec.table, spec.columns, spec.direction, spec.target, spec.path) == \
        ("t", ("a", "b"), "from", "file", "my file.csv")
    assert spec.options == "with (format csv, header)"
    spec = parse_copy("(select ')' from x) to program 'gzip > o.gz'")
    assert (spec.source, spec.table, spec.target, spec.path) == ("(select ')' from x)", None, "program", "gzip > o.gz")
    assert parse_copy("t to STDOUT").target == "stdout"


@pytest.mark.parametrize("text,message", [
    ("", "arguments required"), ("t", "expected FROM or TO"), ("t from", "missing file"),
    ("(select 1) from 'x'", "a query can only be copied TO"), ("t to stdin", "cannot copy TO STDIN"),
])
def test_malformed_copy_says_what_is_wrong(text, message):
    with pytest.raises(CommandError, match=message):
        parse_copy(text)


def test_options_old_and_new_forms():
    assert parse_options("csv header delimiter ';'") == parse_options("with (format csv, header true, delimiter ';')")
    assert parse_options("").delimiter == "\t" and parse_options("").null == "\\N"
    with pytest.raises(CommandError, match="not supported"):
        parse_options("with (freeze)")


@pytest.fixture(params=["postgresql", "mysql", "sqlite"])
def engine_ctx(request, make_ctx, sqlite_path):
    if request.param == "sqlite":
        ctx = make_ctx(sqlite_path)
    else:
        ctx = make_ctx(request.getfixturevalue("pg_dsn" if request.param == "postgresql" else "mysql_dsn"))
    ctx.run_sql("drop table if exists h_copy")
    assert ctx.run_sql("create table h_copy(id int, name varchar(20))")
    yield ctx
    ctx.run_sql("drop table if exists h_copy")


def count(ctx) -> int:
    ctx.run_sql("select count(*) from h_copy")
    return int(ctx.shown[-1].rows[0][0])


def test_round_trip_through_a_csv_file(engine_ctx, tmp_path):
    ctx = engine_ctx
    src = tmp_path / "in.csv"
    src.write_text('id,name\n1,one\n2,"two, too"\n3,\n')
    run_special(ctx, f"\\copy h_copy from '{src}' with (format csv, header)")
    assert ctx.warnings[-1] == "COPY 3"  # a non-interactive run keeps stdout for data
    out = tmp_path / "out.csv"
    run_special(ctx, f"\\copy (select id, name from h_copy order by id) to '{out}' csv header")
    assert out.read_text() == 'id,name\n1,one\n2,"two, too"\n3,\n'


def test_text_format_to_stdout_and_from_a_program(engine_ctx):
    ctx = engine_ctx
    run_special(ctx, "\\copy h_copy from program 'printf \"7\\tseven\\n8\\t\\\\N\\n\"'")
    assert count(ctx) == 2
    ctx.lines.clear()
    run_special(ctx, "\\copy h_copy to stdout")
    assert sorted(ctx.lines) == ["7\tseven", "8\t\\N"]
    assert ctx.warnings[-1] == "COPY 2"  # status on stderr, data alone on stdout


def test_copy_to_a_program(engine_ctx, tmp_path):
    ctx = engine_ctx
    ctx.run_sql("insert into h_copy values (1, 'a'), (2, 'b')")
    out = tmp_path / "lines"
    run_special(ctx, f"\\copy h_copy to program 'wc -l > {out}'")
    assert out.read_text().strip() == "2"


def test_malformed_csv_stops_at_its_line_and_loads_nothing(engine_ctx, tmp_path):
    ctx = engine_ctx
    bad = tmp_path / "bad.csv"
    bad.write_text("1,a\n2,b\n3\n4,d\n")
    with pytest.raises(CommandError, match="line 3"):
        run_special(ctx, f"\\copy h_copy from '{bad}' with (format csv)")
    assert count(ctx) == 0
    assert ctx.run_sql("select 1")  # the session still works


def test_copy_to_an_unwritable_path_is_one_message(engine_ctx):
    with pytest.raises(CommandError, match=r"cannot write /nonexistent/dir/x.csv: No such file"):
        run_special(engine_ctx, "\\copy h_copy to '/nonexistent/dir/x.csv'")


def test_copy_from_a_missing_file_is_one_message(engine_ctx):
    with pytest.raises(CommandError, match="cannot read /nonexistent.csv"):
        run_special(engine_ctx, "\\copy h_copy from '/nonexistent.csv'")


def test_copy_inside_an_open_transaction_keeps_it_open(make_ctx, sqlite_path, tmp_path):
    ctx = make_ctx(sqlite_path)
    ctx.run_sql("create table h_copy(id int, name text); begin; insert into h_copy values (0, 'z')")
    bad = tmp_path / "bad.txt"
    bad.write_text("1\ta\n2\n")
    with pytest.raises(CommandError, match="line 2"):
        run_special(ctx, f"\\copy h_copy from '{bad}'")
    assert ctx.driver.transaction_state == "in_transaction"
    assert count(ctx) == 1  # the user's own row survives; none of the file's


def test_postgres_copy_options_go_to_the_server(pg_ctx, tmp_path):
    ctx = pg_ctx
    ctx.run_sql("drop table if exists h_copy2; create table h_copy2(id int, name text)")
    src = tmp_path / "semi.txt"
    src.write_text("1;x\n2;NULLX\n")
    run_special(ctx, f"\\copy h_copy2 from '{src}' with (format csv, delimiter ';', null 'NULLX')")
    ctx.run_sql("select count(*) from h_copy2 where name is null")
    assert ctx.shown[-1].rows == [(1,)]
    assert os.path.exists(src)


def test_a_row_the_database_rejects_is_reported_by_line(engine_ctx, tmp_path):
    ctx = engine_ctx
    assert ctx.run_sql("drop table if exists h_strict")
    assert ctx.run_sql("create table h_strict(id int not null, name varchar(20))")
    src = tmp_path / "nulls.csv"
    src.write_text("".join(f"{i},n{i}\n" for i in range(1, 500)) + ",nameless\n501,x\n")
    try:
        with pytest.raises(CommandError, match="line 500"):
            run_special(ctx, f"\\copy h_strict from '{src}' with (format csv)")
        ctx.run_sql("select count(*) from h_strict")
        assert int(ctx.shown[-1].rows[0][0]) == 0
    finally:
        ctx.run_sql("drop table if exists h_strict")


def test_text_with_quotes_tabs_unicode_and_nulls_round_trips(engine_ctx, tmp_path):
    ctx = engine_ctx
    src = tmp_path / "odd.txt"
    src.write_text("1\tcafé \\t ünï\n2\t\\N\n3\tit's \"q\" \\\\ sl\n", encoding="utf-8")
    run_special(ctx, f"\\copy h_copy from '{src}'")
    ctx.run_sql("select id, name from h_copy order by id")
    assert ctx.shown[-1].rows == [(1, "café \t ünï"), (2, None), (3, "it's \"q\" \\ sl")]
    out = tmp_path / "back.txt"
    run_special(ctx, f"\\copy h_copy to '{out}'")
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(src.read_text(encoding="utf-8").splitlines())


def test_sqlite_import_creates_the_table_from_the_header(sqlite_ctx, tmp_path):
    src = tmp_path / "people.csv"
    src.write_text('name,age\nAda,36\n"Lovelace, A",\n')
    run_special(sqlite_ctx, f".import --csv {src} people")
    sqlite_ctx.run_sql("select name, age from people order by name")
    assert sqlite_ctx.shown[-1].rows == [("Ada", "36"), ("Lovelace, A", "")]
    run_special(sqlite_ctx, f".import --skip 1 {src} people")
    sqlite_ctx.run_sql("select count(*) from people")
    assert sqlite_ctx.shown[-1].rows == [(4,)]


def test_sqlite_import_of_a_bad_file_creates_nothing(sqlite_ctx, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("a,b\n1,2\n3\n")
    with pytest.raises(CommandError, match=r"\.import: line 3: expected 2 fields, found 1"):
        run_special(sqlite_ctx, f".import {src} fresh")
    assert not sqlite_ctx.run_sql("select * from fresh")
