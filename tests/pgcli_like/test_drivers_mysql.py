"""The MySQL/MariaDB driver against the real server."""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from urllib.parse import urlsplit

import pymysql
import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import ConnectionLost, DatabaseError, QueryCancelled
from pgcli_like.dsn import parse_dsn

pytestmark = pytest.mark.mysql


@pytest.fixture
def driver(mysql_dsn):
    d = open_driver(parse_dsn(mysql_dsn))
    yield d
    d.close()


def admin(dsn: str) -> pymysql.Connection:
    p = urlsplit(dsn)
    return pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username, password=p.password or "",
                           autocommit=True)


def rows_of(result):
    return [row for batch in result.batches() for row in batch]


def test_dates_stay_server_text_and_numbers_native(driver):
    result = driver.execute("select 1 as i, 1.50 as n, cast('2024-02-29' as date) as d, "
                            "cast('2024-02-29 10:11:12' as datetime) as ts, 'x' as s")
    assert rows_of(result) == [(1, Decimal("1.50"), "2024-02-29", "2024-02-29 10:11:12", "x")]
    assert [c.kind for c in result.columns] == ["number", "number", "other", "other", "text"]


def test_status_lines(driver):
    assert driver.execute("create table t (a int)").status == "CREATE TABLE"
    assert driver.execute("insert into t values (1), (2)").status == "INSERT 0 2"
    assert driver.execute("update t set a = a + 10").status == "UPDATE 2"
    result = driver.execute("select * from t")
    assert len(rows_of(result)) == 2 and result.status == "SELECT 2"


def test_syntax_error_position_comes_from_the_near_text(driver):
    sql = "select 1 +\n  from t where"
    with pytest.raises(DatabaseError) as info:
        driver.execute(sql)
    assert "near 'from t where' at line 2" in info.value.message
    assert info.value.position == sql.index("from")


def test_warnings_become_notices(driver):
    rows_of(driver.execute("select cast('x' as unsigned)"))
    notices = driver.take_notices()
    assert len(notices) == 1 and "Truncated incorrect" in notices[0]


def test_closing_a_large_result_early_keeps_the_connection_usable(driver):
    result = driver.execute("select seq from seq_1_to_200000")
    assert len(next(iter(result.batches(1000)))) == 1000
    result.close()
    assert rows_of(driver.execute("select 7")) == [(7,)]


def test_cancel_kills_the_query_not_the_connection(driver, mysql_dsn):
    conn_id = driver.connection_id
    errors: list[BaseException] = []

    def run():
        try:
            rows_of(driver.execute("select sleep(30)"))
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 20
    watcher = admin(mysql_dsn)
    try:
        with watcher.cursor() as cur:
            while not cur.execute("select 1 from information_schema.processlist where id = %s and info like "
                                  "'%%sleep(30)%%'", (conn_id,)):
                assert time.monotonic() < deadline, "the statement never started"
    finally:
        watcher.close()
    driver.cancel()
    worker.join(10)
    assert not worker.is_alive()
    # MariaDB answers a killed SLEEP() either with an error or with its "interrupted" result 1.
    assert not errors or isinstance(errors[0], QueryCancelled)
    assert rows_of(driver.execute("select connection_id()")) == [(conn_id,)]


def test_transaction_state_and_read_only(driver):
    driver.execute("create table ro_t (a int)")
    driver.execute("begin")
    assert driver.transaction_state == "in_transaction"
    driver.execute("commit")
    assert driver.transaction_state == "idle"
    driver.set_read_only()
    with pytest.raises(DatabaseError, match="READ ONLY"):
        driver.execute("insert into ro_t values (1)")


def test_killed_connection_is_lost_and_reconnect_keeps_the_database(driver, mysql_dsn):
    driver.execute("create table keep_me (a int)")
    watcher = admin(mysql_dsn)
    with watcher.cursor() as cur:
        cur.execute(f"KILL {driver.connection_id}")
    watcher.close()
    with pytest.raises(ConnectionLost):
        rows_of(driver.execute("select 1"))
    driver.reconnect()
    assert rows_of(driver.execute("select count(*) from keep_me")) == [(0,)]


def test_a_procedure_call_gives_each_result_set_in_turn(driver):
    driver.execute("create procedure two_sets() begin select 1 as a; select 2 as b; end")
    first = driver.execute("call two_sets()")
    assert [c.name for c in first.columns] == ["a"] and rows_of(first) == [(1,)]
    second = driver.next_result()
    assert [c.name for c in second.columns] == ["b"] and rows_of(second) == [(2,)]
    assert driver.next_result() is None
    assert rows_of(driver.execute("select 3")) == [(3,)]


def test_result_sets_left_unread_do_not_break_the_next_statement(driver):
    driver.execute("create procedure many() begin select seq from seq_1_to_5000; select 2 as b; end")
    first = driver.execute("call many()")
    next(iter(first.batches(10)))
    first.close()
    assert driver.next_result() is None
    assert rows_of(driver.execute("select 4")) == [(4,)]
    driver.execute("call many()")
    assert rows_of(driver.execute("select 5")) == [(5,)]


def test_tls_is_skipped_only_for_this_machines_server_unless_asked_for():
    from pgcli_like.drivers.base import ConnectionTarget
    from pgcli_like.drivers.mysql import _connect_args

    assert _connect_args(ConnectionTarget("mysql", host="127.0.0.1"), None)["ssl_disabled"] is True
    assert "ssl_disabled" not in _connect_args(ConnectionTarget("mysql", host="db.example.com"), None)
    asked = ConnectionTarget("mysql", host="localhost", options=(("ssl_mode", "preferred"),))
    assert "ssl_disabled" not in _connect_args(asked, None)
    assert _connect_args(ConnectionTarget("mysql", options=(("ssl", "1"),)), None)["ssl"] == {}
