"""psql's describe commands on MariaDB, answered from information_schema."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import is_special, run_special

pytestmark = pytest.mark.mysql

SCHEMA = [
    "create table a(id int primary key auto_increment, name varchar(20) not null default 'x' comment 'nm',"
    " n int check (n > 0), unique key uq(name))",
    "create table b(id int, a_id int, key(a_id), constraint fk_a foreign key (a_id) references a(id)"
    " on delete cascade)",
    "create view v as select id from a",
    "create trigger tr before insert on a for each row set new.n = 1",
    "create function f1(x int) returns int return x + 1",
]


@pytest.fixture(scope="module")
def my_dsn(make_mysql_database):
    import pymysql

    from pgcli_like.dsn import parse_dsn

    dsn = make_mysql_database("h_my_describe")
    t = parse_dsn(dsn)
    conn = pymysql.connect(host=t.host, port=t.port or 3306, user=t.user, password=t.password or "",
                           database=t.database, autocommit=True)
    with conn.cursor() as cur:
        for sql in SCHEMA:
            cur.execute(sql)
    conn.close()
    return dsn


@pytest.fixture
def ctx(my_dsn, make_ctx):
    return make_ctx(my_dsn)


def names(ctx, col=1):
    return [row[col] for row in ctx.shown[-1].rows]


def test_lists_tables_views_and_both(ctx):
    run_special(ctx, "\\dt")
    assert names(ctx) == ["a", "b"]
    run_special(ctx, "\\dv")
    assert names(ctx) == ["v"]
    run_special(ctx, "\\d")
    assert names(ctx) == ["a", "b", "v"] and ctx.shown[-1].title == "List of relations"
    run_special(ctx, "\\dt+ ?")
    assert ctx.shown[-1].columns[-1] == "Description"


def test_describe_table_shows_columns_indexes_constraints_and_triggers(ctx):
    run_special(ctx, "\\d a")
    shown = ctx.shown[-1]
    assert shown.title.startswith('Table "') and shown.title.endswith('.a"')
    assert shown.rows[0][:4] == ("id", "int(11)", "", "not null") and shown.rows[0][5] == "auto_increment"
    assert shown.rows[1][4] == "'x'" and shown.rows[2][4] == ""
    assert shown.footer.split("\n") == [
        "Indexes:", '    "PRIMARY" PRIMARY KEY, btree (id)', '    "uq" UNIQUE, btree (name)',
        "Check constraints:", '    "n" CHECK (`n` > 0)',
        "Referenced by:", '    TABLE "b" CONSTRAINT "fk_a" FOREIGN KEY (a_id) REFERENCES a(id) ON DELETE CASCADE',
        "Triggers:", "    tr BEFORE INSERT ON a FOR EACH ROW",
    ]
    run_special(ctx, "\\d b")
    assert "Foreign-key constraints:" in ctx.shown[-1].footer


def test_describe_view_with_definition(ctx):
    run_special(ctx, "\\d+ v")
    assert ctx.shown[-1].title.startswith('View "') and "View definition:" in ctx.shown[-1].footer


def test_indexes_functions_databases_users(ctx, my_dsn):
    run_special(ctx, "\\di")
    assert sorted(names(ctx)) == ["PRIMARY", "a_id", "uq"]
    run_special(ctx, "\\df")
    assert ctx.shown[-1].rows[0][1:] == ("f1", "int(11)", "x int(11)", "func")
    db = my_dsn.rsplit("/", 1)[1]
    run_special(ctx, f"\\l {db}")
    assert names(ctx, 0) == [db]
    run_special(ctx, "\\du root")
    assert set(names(ctx, 0)) == {"root"}


def test_missing_table_is_one_message(ctx):
    with pytest.raises(CommandError, match='Did not find any relation named "nope"'):
        run_special(ctx, "\\d nope")


def test_native_statements_go_to_the_server(ctx):
    for sql in ("SHOW TABLES", "DESCRIBE a", "show create table a"):
        assert not is_special(sql, "mysql")
        assert ctx.run_sql(sql)
