"""The PostgreSQL driver against the real server."""

from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import ConnectionLost, DatabaseError, QueryCancelled
from pgcli_like.dsn import parse_dsn

pytestmark = pytest.mark.postgres


@pytest.fixture
def driver(pg_dsn):
    d = open_driver(parse_dsn(pg_dsn))
    yield d
    d.close()


def rows_of(result):
    return [row for batch in result.batches() for row in batch]


def test_values_keep_numbers_native_and_everything_else_as_server_text(driver):
    result = driver.execute(
        "select 1 as i, 1.50::numeric as n, 0.5::float8 as f, true as b, '\\x01'::bytea as raw, "
        "date '2024-02-29' as d, interval '1 day 2 hours' as iv, '{1,2}'::int[] as arr, "
        "'{\"a\": 1}'::jsonb as j, '00000000-0000-0000-0000-000000000001'::uuid as u"
    )
    from decimal import Decimal

    assert rows_of(result) == [(1, Decimal("1.50"), 0.5, True, b"\x01", "2024-02-29", "1 day 02:00:00",
                                 "{1,2}", '{"a": 1}', "00000000-0000-0000-0000-000000000001")]
    kinds = {c.name: (c.type_name, c.kind) for c in result.columns}
    assert kinds["i"] == ("int4", "number") and kinds["b"] == ("bool", "bool")
    assert kinds["j"] == ("jsonb", "json") and kinds["arr"] == ("int4[]", "other")


def test_status_lines_are_the_servers(driver):
    assert driver.execute("create temp table t (a int)").status == "CREATE TABLE"
    assert driver.execute("insert into t values (1), (2)").status == "INSERT 0 2"
    assert driver.execute("update t set a = a + 1").status == "UPDATE 2"
    result = driver.execute("select * from t")
    rows_of(result)
    assert result.status == "SELECT 2"


def test_empty_select_still_has_its_columns(driver):
    result = driver.execute("select 1 as a, 'x' as b where false")
    assert [c.name for c in result.columns] == ["a", "b"]
    assert rows_of(result) == [] and result.status == "SELECT 0"


def test_large_select_streams_and_closing_early_leaves_no_transaction(driver):
    result = driver.execute("select g from generate_series(1, 100000) g")
    first = next(iter(result.batches(1000)))
    assert len(first) == 1000
    result.close()
    assert driver.transaction_state == "idle"
    assert rows_of(driver.execute("select 42")) == [(42,)]


def test_streaming_inside_the_users_transaction_keeps_it_open(driver):
    driver.execute("begin")
    rows_of(driver.execute("select g from generate_series(1, 3000) g"))
    assert driver.transaction_state == "in_transaction"
    driver.execute("rollback")


def test_error_position_is_zero_based_into_the_statement(driver):
    sql = "select nosuch from pg_class"
    with pytest.raises(DatabaseError) as info:
        driver.execute(sql)
    assert info.value.message == 'column "nosuch" does not exist'
    assert info.value.position == sql.index("nosuch")
    with pytest.raises(DatabaseError) as info:
        driver.execute("select * form t")
    assert info.value.position == len("select * ")


def test_failed_transaction_is_reported(driver):
    driver.execute("begin")
    with pytest.raises(DatabaseError):
        driver.execute("select 1/0")
    assert driver.transaction_state == "failed"
    driver.execute("rollback")
    assert driver.transaction_state == "idle"


def test_notices_are_collected(driver):
    driver.execute("do $$ begin raise notice 'hello from plpgsql'; end $$")
    assert driver.take_notices() == ["NOTICE:  hello from plpgsql"]
    assert driver.take_notices() == []


def wait_until_sleeping(dsn: str, pid: int) -> None:
    """Wait (on the server's own view) until backend ``pid`` sits in pg_sleep."""
    deadline = time.monotonic() + 20
    with psycopg.connect(dsn, autocommit=True) as watcher:
        while not watcher.execute(
            "select 1 from pg_stat_activity where pid = %s and wait_event = 'PgSleep'", (pid,)
        ).fetchone():
            assert time.monotonic() < deadline, "the statement never started"


def test_cancel_stops_the_statement_and_the_same_backend_runs_the_next(driver, pg_dsn):
    pid = driver.backend_pid
    errors: list[BaseException] = []

    def run():
        try:
            rows_of(driver.execute("select pg_sleep(30)"))
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    wait_until_sleeping(pg_dsn, pid)
    driver.cancel()
    worker.join(10)
    assert not worker.is_alive()
    assert isinstance(errors[0], QueryCancelled)
    assert rows_of(driver.execute("select pg_backend_pid()")) == [(pid,)]


def test_read_only_session_refuses_writes(driver):
    driver.execute("create table ro_t (a int)")
    driver.set_read_only()
    with pytest.raises(DatabaseError, match="read-only"):
        driver.execute("insert into ro_t values (1)")


def test_killed_backend_is_a_lost_connection_and_reconnect_recovers(driver, pg_dsn):
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute("select pg_terminate_backend(%s)", (driver.backend_pid,))
    with pytest.raises(ConnectionLost):
        rows_of(driver.execute("select 1"))
    driver.reconnect()
    assert rows_of(driver.execute("select 1")) == [(1,)]


def test_clone_is_a_separate_backend(driver):
    other = driver.clone()
    try:
        assert other.backend_pid != driver.backend_pid
        assert other.current_database == driver.current_database
    finally:
        other.close()


def test_superuser_and_version_are_known(driver):
    assert driver.is_superuser is True
    assert driver.server_version[:2].isdigit()


def test_notifications_on_listened_channels_become_notices(driver):
    driver.execute("listen shk_channel")
    driver.execute("notify shk_channel, 'hello'")
    assert any('"shk_channel" with payload "hello"' in n for n in driver.take_notices())


def test_enum_composite_and_domain_columns_carry_their_type_names(driver):
    driver.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')").close()
    driver.execute("CREATE TYPE pair AS (a int, b text)").close()
    driver.execute("CREATE DOMAIN posint AS int CHECK (VALUE > 0)").close()
    result = driver.execute("SELECT 'ok'::mood AS m, ARRAY['sad'::mood] AS ms, ROW(1, 'x')::pair AS p, "
                            "5::posint AS d")
    assert rows_of(result) == [("ok", "{sad}", "(1,x)", 5)]
    # The server reports a domain as its base type.
    assert [(c.name, c.type_name, c.kind) for c in result.columns] == [
        ("m", "mood", "text"), ("ms", "mood[]", "other"), ("p", "pair", "other"), ("d", "int4", "number")]
    again = driver.execute("SELECT 'sad'::mood AS m")  # known by now: not asked again
    assert [c.type_name for c in again.columns] == ["mood"]
    again.close()


def test_an_error_inside_a_function_carries_the_servers_context_line(driver):
    driver.execute(
        "CREATE FUNCTION pg_temp.ctx_fail() RETURNS int LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'boom' USING DETAIL = 'the detail', HINT = 'the hint'; END $$"
    )
    with pytest.raises(DatabaseError) as info:
        rows_of(driver.execute("SELECT pg_temp.ctx_fail()"))
    err = info.value
    assert err.message == "boom"
    assert err.detail == "the detail" and err.hint == "the hint"
    assert re.fullmatch(r"PL/pgSQL function pg_temp_\d+\.ctx_fail\(\) line 1 at RAISE", err.context)


def test_a_refused_connection_says_so_and_keeps_libpqs_hint():
    import socket

    from pgcli_like.drivers.base import ConnectionError_

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ConnectionError_) as info:
        open_driver(parse_dsn(f"postgresql://postgres@127.0.0.1:{port}/postgres"))
    message = str(info.value)
    assert "\n" not in message
    assert f'connection to server at "127.0.0.1", port {port} failed: Connection refused' in message
    assert "Is the server running on that host and accepting TCP/IP connections?" in message
    assert message.startswith("cannot connect to PostgreSQL: connection to server")


PSQL_ERROR_CASES = [
    "SELECT pg_temp.ctx_fail()",  # DETAIL, HINT and CONTEXT
    "select 1 + pg_temp.ctx_fail() from nosuch_rel",  # caret, no context
    "DO $$ BEGIN PERFORM nosuch_col FROM pg_class; END $$",  # caret in the inner query, QUERY, CONTEXT
]


@pytest.mark.parametrize("sql", PSQL_ERROR_CASES)
def test_error_lines_are_the_ones_psql_prints(driver, pg_dsn, sql):
    import shutil
    import subprocess

    from pgcli_like.error_display import error_lines

    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    setup = ("CREATE FUNCTION pg_temp.ctx_fail() RETURNS int LANGUAGE plpgsql AS "
             "$$ BEGIN RAISE EXCEPTION 'boom' USING DETAIL = 'the detail', HINT = 'the hint'; END $$")
    driver.execute(setup)
    with pytest.raises(DatabaseError) as info:
        rows_of(driver.execute(sql + ";"))  # psql sends the semicolon too
    ours = error_lines(info.value, sql + ";")
    psql = subprocess.run(["psql", "-X", "-q", "-d", pg_dsn], input=f"{setup};\n{sql};\n",
                          capture_output=True, text=True, check=False)
    theirs = [line for line in psql.stderr.splitlines() if not line.startswith("psql:")]
    # psql names its own temporary schema (pg_temp_N); the number is the backend's.
    def norm(lines):
        return [re.sub(r"pg_temp_\d+", "pg_temp_N", line) for line in lines]

    assert norm(ours) == norm(theirs)
