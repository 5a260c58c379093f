"""DSN parsing: URLs, keyword strings, psql-style overrides, environment and ~/.my.cnf."""

from __future__ import annotations

import pytest

from pgcli_like.dsn import DsnError, describe, parse_dsn


def test_no_dsn_and_no_database_url_gives_in_memory_sqlite():
    target = parse_dsn(None, environ={})
    assert (target.engine, target.database) == ("sqlite", ":memory:")


def test_database_url_is_used_when_no_dsn_is_given():
    target = parse_dsn(None, environ={"DATABASE_URL": "postgres://bob@db.example:6543/shop"})
    assert (target.engine, target.user, target.host, target.port, target.database) == (
        "postgresql", "bob", "db.example", 6543, "shop",
    )


def test_postgres_url_with_escaped_password_and_query_options():
    target = parse_dsn("postgresql://u:p%40ss@h/db?sslmode=require", environ={})
    assert target.password == "p@ss"
    assert dict(target.options) == {"sslmode": "require"}
    assert "p@ss" not in repr(target) and "p@ss" not in describe(target)


def test_psql_style_options_override_the_url():
    target = parse_dsn("postgresql://h/db", user="alice", port="5433", database="other", environ={})
    assert (target.user, target.port, target.database, target.host) == ("alice", 5433, "other", "h")


def test_options_alone_mean_postgresql_so_libpq_fills_the_rest():
    target = parse_dsn(None, database="shop", environ={})
    assert (target.engine, target.database, target.host) == ("postgresql", "shop", None)


def test_dbname_option_alone_can_name_an_sqlite_file():
    assert parse_dsn(None, database="shop.db", environ={}).engine == "sqlite"
    assert parse_dsn(None, database="shop.db", host="db", environ={}).engine == "postgresql"


def test_keyword_dsn_with_quoted_value():
    target = parse_dsn("host=localhost dbname='my db' sslmode=disable", environ={})
    assert (target.engine, target.host, target.database) == ("postgresql", "localhost", "my db")
    assert dict(target.options) == {"sslmode": "disable"}


def test_bare_word_is_a_postgres_database_like_psql():
    assert parse_dsn("shop", environ={}).engine == "postgresql"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("sqlite:////tmp/x.db", "/tmp/x.db"),
        ("sqlite:///rel.db", "rel.db"),
        ("sqlite://", ":memory:"),
        (":memory:", ":memory:"),
        ("data/shop.sqlite", "data/shop.sqlite"),
        ("shop.db", "shop.db"),
    ],
)
def test_sqlite_forms(text, path):
    target = parse_dsn(text, environ={})
    assert (target.engine, target.database) == ("sqlite", path)


def test_mysql_and_mariadb_schemes():
    for scheme in ("mysql", "mariadb"):
        target = parse_dsn(f"{scheme}://root@127.0.0.1:3306/test", environ={})
        assert (target.engine, target.port, target.database) == ("mysql", 3306, "test")


def test_my_cnf_client_section_fills_what_the_dsn_leaves_out(tmp_path):
    (tmp_path / ".my.cnf").write_text("[client]\nuser = carol\npassword = \"s3cret\"\nport=3307\n[mysqld]\nuser=x\n")
    target = parse_dsn("mysql://127.0.0.1/shop", environ={"HOME": str(tmp_path)})
    assert (target.user, target.password, target.port) == ("carol", "s3cret", 3307)
    explicit = parse_dsn("mysql://dave@127.0.0.1/shop", environ={"HOME": str(tmp_path)})
    assert explicit.user == "dave"


def test_unknown_scheme_is_a_clear_error():
    with pytest.raises(DsnError, match="unknown database type"):
        parse_dsn("oracle://x/y", environ={})


def test_bad_port_is_a_clear_error():
    with pytest.raises(DsnError, match="port"):
        parse_dsn("postgresql://h/db", port="abc", environ={})


def test_password_can_be_taken_out_of_url_and_keyword_dsns():
    from pgcli_like.dsn import without_password

    assert without_password("postgresql://u:p%40w@h:5/db?x=1") == ("postgresql://u@h:5/db?x=1", "p@w")
    assert without_password("host=h password='a b' dbname=x") == ("host=h dbname=x", "a b")
    assert without_password("mysql://root@h/db") == ("mysql://root@h/db", None)
