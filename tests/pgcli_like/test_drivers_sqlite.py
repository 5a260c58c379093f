"""The SQLite driver on real database files."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import ConnectionError_, DatabaseError, QueryCancelled
from pgcli_like.dsn import parse_dsn


@pytest.fixture
def driver(sqlite_path):
    d = open_driver(parse_dsn(sqlite_path))
    yield d
    d.close()


def rows_of(result):
    return [row for batch in result.batches() for row in batch]


def test_opening_sqlite_imports_neither_psycopg_nor_pymysql(sqlite_path):
    code = (
        "import sys\nfrom pgcli_like.drivers import open_driver\nfrom pgcli_like.dsn import parse_dsn\n"
        f"open_driver(parse_dsn({sqlite_path!r})).execute('select 1')\n"
        "print('psycopg' in sys.modules, 'pymysql' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_statements_report_psql_style_status_and_columns(driver):
    assert driver.execute("create table t (a integer, b text)").status == "CREATE TABLE"
    assert driver.execute("insert into t values (1, 'x'), (2, null)").status == "INSERT 0 2"
    assert driver.execute("update t set b = 'y'").status == "UPDATE 2"
    assert driver.execute("with x as (select 1) update t set b = 'z'").status == "UPDATE 2"
    result = driver.execute("select a, b from t order by a")
    assert [(c.name, c.kind) for c in result.columns] == [("a", "number"), ("b", "text")]
    assert rows_of(result) == [(1, "z"), (2, "z")]
    assert result.status == "SELECT 2"


def test_rows_arrive_in_batches(driver):
    result = driver.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 2500) "
                            "select i from n")
    sizes = [len(b) for b in result.batches(1000)]
    assert sizes == [1000, 1000, 500]
    assert result.status == "SELECT 2500"


def test_syntax_error_points_at_the_token_sqlite_names(driver):
    with pytest.raises(DatabaseError) as info:
        driver.execute("select * form t")
    assert info.value.message == 'near "form": syntax error'
    assert info.value.position == len("select * ")


def test_unknown_table_error_points_at_the_table(driver):
    with pytest.raises(DatabaseError) as info:
        driver.execute("select a from nope")
    assert info.value.position == len("select a from ")


def test_transaction_state_follows_begin_and_commit(driver):
    assert driver.transaction_state == "idle"
    driver.execute("begin")
    assert driver.transaction_state == "in_transaction"
    driver.execute("commit")
    assert driver.transaction_state == "idle"


def test_cancel_interrupts_a_running_statement_and_the_connection_stays_usable(driver):
    errors: list[BaseException] = []

    def run():
        try:
            rows_of(driver.execute("with recursive n(i) as (select 1 union all select i + 1 from n) "
                                   "select count(*) from n"))
        except BaseException as err:  # noqa: BLE001 - handed to the test thread
            errors.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    while worker.is_alive():
        driver.cancel()
        worker.join(0.05)
    assert len(errors) == 1 and isinstance(errors[0], QueryCancelled)
    assert rows_of(driver.execute("select 1")) == [(1,)]


def test_read_only_refuses_writes(driver):
    driver.execute("create table t (a int)")
    driver.set_read_only()
    with pytest.raises(DatabaseError, match="readonly|read-only|read only"):
        driver.execute("insert into t values (1)")
    assert rows_of(driver.execute("select count(*) from t")) == [(0,)]


def test_clone_sees_the_same_file(driver):
    driver.execute("create table t (a int)")
    other = driver.clone()
    try:
        assert rows_of(other.execute("select name from sqlite_master")) == [("t",)]
    finally:
        other.close()


def test_a_file_that_is_not_a_database_is_a_connection_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite" * 100)
    with pytest.raises(ConnectionError_, match="cannot open"):
        open_driver(parse_dsn(str(bad)))


def test_closing_a_result_early_frees_the_connection(driver):
    result = driver.execute("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
                            "select i from n")
    next(iter(result.batches(10)))
    result.close()
    assert rows_of(driver.execute("select 2")) == [(2,)]


def test_result_columns_carry_declared_types_or_the_values_storage_class(driver):
    driver.execute('CREATE TABLE "my t" (id INTEGER PRIMARY KEY, name VARCHAR(20), price DOUBLE, raw BLOB, x)').close()
    driver.execute("INSERT INTO \"my t\" VALUES (1, 'a', 1.5, x'00', 7)").close()

    def types(sql):
        result = driver.execute(sql)
        result.close()
        return [(c.name, c.type_name) for c in result.columns]

    assert types('SELECT * FROM "my t"') == [("id", "integer"), ("name", "varchar(20)"), ("price", "real"),
                                             ("raw", "blob"), ("x", "integer")]
    assert types('SELECT name, id AS n, price * 2, upper(name) FROM main."my t"') == [
        ("name", "varchar(20)"), ("n", "integer"), ("price * 2", "real"), ("upper(name)", "text")]
    assert types("SELECT NULL AS nada, 1 UNION ALL SELECT 'x', 2.5") == [("nada", "text"), ("1", "")]
