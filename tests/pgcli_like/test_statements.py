"""Splitting buffers into statements, command tags, and destructive-statement detection."""

from __future__ import annotations

import pytest

from pgcli_like.statements import command_tag, destructive_reason, split_meta, split_statements, status_line


def test_semicolons_inside_quotes_comments_and_dollar_quotes_do_not_split():
    text = "select 'a;b'; select $$x;y$$ ; select $tag$ ; $tag$; -- c;\nselect \"a;\" /* ; /* ; */ ; */"
    assert split_statements(text, "postgresql") == [
        "select 'a;b'", "select $$x;y$$", "select $tag$ ; $tag$", '-- c;\nselect "a;" /* ; /* ; */ ; */',
    ]


def test_e_strings_honour_backslash_escapes_but_plain_strings_do_not():
    assert split_statements(r"select E'\';'; select 'a\'; select 2", "postgresql") == [
        r"select E'\';'", "select 'a\\'", "select 2",
    ]


def test_positional_parameters_are_not_dollar_quotes():
    assert split_statements("select $1; select $2", "postgresql") == ["select $1", "select $2"]


def test_mysql_backticks_hash_comments_and_backslash_escapes():
    text = "select `a;b` # c;\n; select 'it\\'s;'; select \"x;\""
    assert split_statements(text, "mysql") == ["select `a;b` # c;", "select 'it\\'s;'", 'select "x;"']


def test_mysql_delimiter_lines_change_the_terminator():
    text = "DELIMITER //\ncreate procedure p() begin select 1; select 2; end//\nDELIMITER ;\nselect 3;"
    assert split_statements(text, "mysql") == ["create procedure p() begin select 1; select 2; end", "select 3"]


def test_sqlite_trigger_body_stays_one_statement():
    text = ("create trigger t after insert on x begin update y set a = case when 1 then 2 end; "
            "delete from z; end; select 1")
    assert split_statements(text, "sqlite") == [text[: text.index("; select 1")], "select 1"]


def test_a_column_named_like_a_keyword_does_not_swallow_later_statements():
    assert split_statements("create table t (a int, b text); select 1", "sqlite") == [
        "create table t (a int, b text)", "select 1",
    ]


def test_backslash_command_ends_the_statement_before_it():
    assert split_statements("select 1 \\gx\nselect 2;", "postgresql") == ["select 1 \\gx", "select 2"]
    assert split_meta("select 1 \\gx") == ("select 1", "\\gx")
    assert split_meta("select '\\x'") == ("select '\\x'", None)


def test_backslash_command_on_its_own_line_is_its_own_statement():
    assert split_statements("-- list\n\\dt foo\nselect 1", "postgresql") == ["\\dt foo", "select 1"]


def test_sqlite_dot_commands_are_line_commands():
    assert split_statements(".tables\nselect 1;", "sqlite") == [".tables", "select 1"]


def test_comment_only_and_empty_pieces_are_dropped():
    assert split_statements(";; -- nothing\n;  ", "postgresql") == []


@pytest.mark.parametrize(
    ("sql", "tag"),
    [
        ("select 1", "SELECT"),
        ("  -- c\nINSERT into t values (1)", "INSERT"),
        ("with x as (select 1) delete from t", "DELETE"),
        ("create or replace temp view v as select 1", "CREATE VIEW"),
        ("create materialized view v as select 1", "CREATE MATERIALIZED VIEW"),
        ("drop table if exists t", "DROP TABLE"),
        ("start transaction", "START TRANSACTION"),
    ],
)
def test_command_tag_names_the_statement_as_psql_does(sql, tag):
    assert command_tag(sql) == tag


def test_status_lines_follow_psql():
    assert status_line("SELECT", 3, True) == "SELECT 3"
    assert status_line("INSERT", 1, False) == "INSERT 0 1"
    assert status_line("UPDATE", 2, False) == "UPDATE 2"
    assert status_line("CREATE TABLE", -1, False) == "CREATE TABLE"


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("drop table t", "DROP TABLE"),
        ("truncate t", "TRUNCATE"),
        ("delete from t", "DELETE without WHERE"),
        ("update t set a = 1 -- where a = 2", "UPDATE without WHERE"),
        ("with x as (select 1) delete from t", "DELETE without WHERE"),
        ("with d as (delete from t returning *) select * from d", "DELETE without WHERE"),
        ("select 1; drop table t", "DROP TABLE"),
        ("alter table t drop column c", "ALTER … DROP"),
        ("explain analyze delete from t", "DELETE without WHERE"),
        ("update t set a = (select 1 where true)", "UPDATE without WHERE"),
    ],
)
def test_destructive_statements_are_found_by_parsing(sql, reason):
    assert destructive_reason(sql, "postgresql") == reason


@pytest.mark.parametrize(
    "sql",
    [
        "delete from t where a = 1",
        "update t set a = 1 where b = 2",
        "delete from t where id in (select id from u)",
        "select * from t for update",
        "create table t (a int references u on delete cascade)",
        "insert into t values (1) on conflict (a) do update set b = 1",
        "grant delete on t to u",
        "explain delete from t",
        "select $$delete from t$$",
        "select 'drop table t'",
        "alter table t alter c drop default",
    ],
)
def test_harmless_statements_are_not_destructive(sql):
    assert destructive_reason(sql, "postgresql") is None


def test_mysql_hash_comment_hides_nothing_destructive():
    assert destructive_reason("delete from t # where a = 1", "mysql") == "DELETE without WHERE"
    assert destructive_reason("select 1 # drop table t", "mysql") is None


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ("select * from t", "t"),
        ('select a from public."T x" where a = 1', 'public."T x"'),
        ("select * from t a where x in (select 1 from u)", "t"),
        ("table foo", "foo"),
        ("select * from t join u on true", None),
        ("select * from t, u", None),
        ("select * from (select 1) x", None),
        ("select * from t union select * from u", None),
        ("select * from generate_series(1, 2)", None),
        ("select 1", None),
    ],
)
def test_single_table_names_the_one_table_a_plain_select_reads(sql, table):
    from pgcli_like.statements import single_table

    assert single_table(sql) == table


def test_ends_statement_ignores_semicolons_in_strings_and_comments():
    from pgcli_like.statements import ends_statement

    assert ends_statement("select 1;")
    assert ends_statement("select 1; -- done")
    assert ends_statement("select 1 \\gx")
    assert not ends_statement("select ';")
    assert not ends_statement("select $$ ;")
    assert not ends_statement("select 1 /* ; ")
    assert not ends_statement("select 1")


def test_big_statements_are_split_and_checked_without_sqlparse_limits():
    values = ",".join(f"({i}, 'name {i}')" for i in range(20000))
    assert len(split_statements(f"insert into t values {values}; select 1")) == 2
    assert destructive_reason(f"insert into t values {values}") is None
    in_list = ",".join(str(i) for i in range(20000))
    assert destructive_reason(f"delete from t where id in ({in_list})") is None
    assert destructive_reason(f"update t set a = 1, b = array[{in_list}]") == "UPDATE without WHERE"
