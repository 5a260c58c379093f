"""``\\df`` with psql's kind letters (a, n, p, t, w): same rows as psql, psql's messages for bad
letters, and completion of the function name after them."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.function_kinds import PG_LETTERS, kind_letters, pg_kind_condition
from pgcli_like.special.registry import run_special
from tests.pgcli_like.special.test_describe_postgres import our_lines, psql_lines

SCHEMA = """
create function add1(a int) returns int language sql as 'select a+1';
create procedure bump(n int) language sql as 'select 1';
create function trg() returns trigger language plpgsql as 'begin return new; end';
create aggregate h_sum(int) (sfunc = int4pl, stype = int);
create function h_evt() returns event_trigger language plpgsql as 'begin end';
comment on function add1(int) is 'adds one';
"""


@pytest.fixture(scope="module")
def kinds_db(make_pg_database):
    return make_pg_database("h_df_kinds", SCHEMA)


@pytest.fixture
def ctx(kinds_db, make_ctx):
    return make_ctx(kinds_db)


@pytest.mark.parametrize("typed,kinds", [
    ("\\df", PG_LETTERS), ("\\dfa", "a"), ("\\dfS+", PG_LETTERS), ("\\dftn", "nt"), ("\\dfSw+", "w"),
    ("\\dfaa", "a"),
])
def test_kind_letters_are_read_in_any_order_with_modifiers(typed, kinds):
    assert kind_letters(typed, "\\df", PG_LETTERS) == kinds


def test_an_unknown_letter_gets_psqls_message():
    with pytest.raises(CommandError, match=r"^\\df only takes \[anptwS\+\] as options$"):
        kind_letters("\\dfaz", "\\df", PG_LETTERS)


def test_procedures_are_refused_before_server_version_11_as_psql_does():
    with pytest.raises(CommandError, match='does not take a "p" option with server version 10'):
        pg_kind_condition("p", 100007)
    with pytest.raises(CommandError, match="server version 9.6"):
        pg_kind_condition("ap", 90624)
    assert pg_kind_condition(PG_LETTERS, 100007) == ""  # no letter: every kind that server has
    assert pg_kind_condition("a", 100007) == "  AND (p.proisagg)\n"


@pytest.mark.postgres
@pytest.mark.parametrize("command", [
    "\\dfa", "\\dfn", "\\dfp", "\\dft", "\\dfw", "\\dfnt", "\\dfap", "\\dfpt+", "\\dfa+ h_*", "\\dfaS count",
    "\\dfwS row*", "\\dfSw row*", "\\dfnS int4*", "\\dfantw", "\\dfn+ add*", "\\dfpa+",
])
def test_kind_letters_list_what_psql_lists(ctx, kinds_db, command):
    ctx.shown.clear()
    run_special(ctx, command)
    assert our_lines(ctx) == "\n".join(psql_lines(kinds_db, command)).split("\n")


@pytest.mark.postgres
def test_letters_pick_the_kinds(ctx):
    def names(command: str) -> set[str]:
        ctx.shown.clear()
        run_special(ctx, command)
        return {row[1] for row in ctx.shown[0].rows}

    assert names("\\dfa") == {"h_sum"}
    assert names("\\dfp") == {"bump"}
    assert names("\\dft") == {"trg"}
    assert names("\\dfn") == {"add1", "h_evt"}
    assert names("\\dfnt") == {"add1", "h_evt", "trg"}
    assert names("\\df") == {"add1", "bump", "h_evt", "h_sum", "trg"}


@pytest.mark.postgres
@pytest.mark.parametrize("command,message", [
    ("\\dfz", r"unknown command \\dfz; did you mean \\df"),
    ("\\dfaz", r"\\df only takes \[anptwS\+\] as options"),
    ("\\dfpx add1", r"\\df only takes \[anptwS\+\] as options"),
])
def test_bad_letters_are_one_line_messages(ctx, command, message):
    with pytest.raises(CommandError, match=message):
        run_special(ctx, command)


@pytest.mark.postgres
def test_help_explains_the_letters(ctx):
    run_special(ctx, "\\? \\dfa")
    assert ctx.lines[0] == "\\df[anptw][S+] [PATTERN]"
    assert any("a aggregates" in line for line in ctx.lines)


@pytest.mark.postgres
@pytest.mark.parametrize("text", ["\\df ad", "\\dfn ad", "\\dfa+ ad"])
def test_function_names_complete_after_the_letters(kinds_db, text):
    from pgcli_like import Client

    client = Client.connect(kinds_db)
    client.refresh_catalog()
    completions = client.complete(text)
    assert ("add1(", "function") in [(c.text, c.display_meta_text) for c in completions]


@pytest.mark.mysql
def test_mysql_letters_pick_functions_or_procedures(make_mysql_database, make_ctx):
    import pymysql

    from pgcli_like.dsn import parse_dsn

    dsn = make_mysql_database("h_df_kinds")
    target = parse_dsn(dsn)
    conn = pymysql.connect(host=target.host, port=target.port or 3306, user=target.user,
                           password=target.password or "", database=target.database, autocommit=True)
    with conn.cursor() as cur:
        cur.execute("create function f1(a int) returns int deterministic return a + 1")
        cur.execute("create procedure p1() select 1")
    conn.close()
    ctx = make_ctx(dsn)

    def names(command: str) -> list[str]:
        ctx.shown.clear()
        run_special(ctx, command)
        return [row[1] for row in ctx.shown[0].rows]

    assert names("\\df") == ["f1", "p1"]
    assert names("\\dfn") == ["f1"]
    assert names("\\dfp+") == ["p1"]
    assert names("\\dfpn") == ["f1", "p1"]
    with pytest.raises(CommandError, match=r"unknown command \\dfa"):
        run_special(ctx, "\\dfa")
    with pytest.raises(CommandError, match=r"\\df only takes \[npS\+\] as options"):
        run_special(ctx, "\\dfnw")
