"""SqlSession on real databases: statements in turn, errors with carets, status, timing, confirm, cancel."""

from __future__ import annotations

import io
import signal
import threading
import time

import psycopg
import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.dsn import parse_dsn
from pgcli_like.session import SqlSession
from pgcli_like.settings import OutputSettings


def make_session(dsn: str, *, interactive: bool = False, answers: list[bool] | None = None, **kw):
    out, err = io.StringIO(), io.StringIO()
    asked: list[str] = []

    def confirm(question: str) -> bool:
        asked.append(question)
        return answers.pop(0) if answers else False

    session = SqlSession(open_driver(parse_dsn(dsn)), settings=OutputSettings(pager_enabled=False, color=False),
                         interactive=interactive, confirm=confirm, stdout=out, stderr=err, **kw)
    return session, out, err, asked


def ctrl_c_when_sleeping(pg_dsn: str, pid: int) -> threading.Thread:
    """A started thread that sends this thread SIGINT (Ctrl-C) once backend ``pid`` is in pg_sleep."""
    main = threading.get_ident()

    def interrupt_when_sleeping() -> None:
        deadline = time.monotonic() + 20
        with psycopg.connect(pg_dsn, autocommit=True) as watcher:
            while not watcher.execute("select 1 from pg_stat_activity where pid = %s and wait_event = 'PgSleep'",
                                      (pid,)).fetchone():
                if time.monotonic() > deadline:
                    return
        signal.pthread_kill(main, signal.SIGINT)

    helper = threading.Thread(target=interrupt_when_sleeping)
    helper.start()
    return helper


@pytest.fixture
def sqlite_session(sqlite_path):
    session, out, err, asked = make_session(sqlite_path)
    yield session, out, err
    session.driver.close()


def test_each_statement_runs_in_turn_and_results_follow_each_other(sqlite_session):
    session, out, err = sqlite_session
    assert session.run_text("create table t (a int); insert into t values (1), (2); select a from t order by a;")
    assert "CREATE TABLE" in err.getvalue() and "INSERT 0 2" in err.getvalue()
    assert " a \n---\n 1\n 2\n(2 rows)" in out.getvalue()


def test_an_error_shows_the_message_and_a_caret_and_the_next_statement_still_runs(sqlite_session):
    session, out, err = sqlite_session
    assert not session.run_text("select * form t; select 42 as answer")
    assert err.getvalue().splitlines()[:3] == [
        'ERROR:  near "form": syntax error',
        "LINE 1: select * form t",
        "                 ^",
    ]
    assert "42" in out.getvalue()


def test_stop_on_error_stops_at_the_first_failure(sqlite_session):
    session, out, err = sqlite_session
    assert not session.run_text("select nope; select 42 as answer", stop_on_error=True)
    assert "42" not in out.getvalue()


def test_timing_follows_each_statement(sqlite_session):
    session, out, err = sqlite_session
    session.settings.timing = True
    session.run_text("select 1; select 2")
    assert len([line for line in err.getvalue().splitlines() if line.startswith("Time: ")]) == 2


def test_special_commands_and_variables_go_through_the_registry(sqlite_session):
    session, out, err = sqlite_session
    session.run_text("\\set n 7\nselect :n * 6 as answer;")
    assert "42" in out.getvalue()
    assert session.last_query == "select 7 * 6 as answer"


def test_destructive_statement_is_confirmed_when_interactive(sqlite_path):
    session, out, err, asked = make_session(sqlite_path, interactive=True, answers=[False, True])
    session.run_text("create table t (a int); insert into t values (1)")
    session.run_text("delete from t")
    assert asked and "DELETE without WHERE" in asked[0]
    session.run_text("select count(*) as n from t")
    assert " 1\n" in out.getvalue()
    session.run_text("with x as (select 1) delete from t")
    session.run_text("select count(*) as n from t")
    assert out.getvalue().rstrip().endswith("(1 row)") and " 0\n" in out.getvalue()
    session.driver.close()


def test_non_interactive_runs_destructive_statements_as_asked(sqlite_path):
    session, out, err, asked = make_session(sqlite_path)
    session.run_text("create table t (a int); insert into t values (1); delete from t")
    assert asked == [] and "DELETE 1" in err.getvalue()
    session.driver.close()


def test_open_transaction_is_rolled_back_without_asking_and_committed_when_asked(sqlite_path):
    session, out, err, _ = make_session(sqlite_path)
    session.run_text("create table t (a int); begin; insert into t values (1)")
    session.finish_transaction(None)
    session.run_text("begin; insert into t values (2)")
    session.finish_transaction(lambda question: "c")
    session.run_text("select a from t")
    assert " 2\n(1 row)" in out.getvalue()
    session.driver.close()


@pytest.mark.postgres
def test_failed_transaction_is_reported_and_rolled_back_on_leaving(pg_dsn):
    session, out, err, _ = make_session(pg_dsn)
    session.run_text("begin; select 1/0")
    assert session.driver.transaction_state == "failed"
    session.finish_transaction(lambda question: "c")
    assert session.driver.transaction_state == "idle"
    assert "rolled back" in err.getvalue()
    session.driver.close()


@pytest.mark.postgres
def test_ctrl_c_cancels_on_the_server_and_the_same_backend_runs_the_next_statement(pg_dsn):
    session, out, err, _ = make_session(pg_dsn)
    pid = session.driver.backend_pid
    helper = ctrl_c_when_sleeping(pg_dsn, pid)
    assert not session.run_text("select pg_sleep(30)")
    helper.join()
    assert "cancelled" in err.getvalue()
    assert session.run_text("select pg_backend_pid() as pid")
    assert str(pid) in out.getvalue()
    session.driver.close()


@pytest.mark.postgres
def test_lost_connection_is_reported_and_the_next_statement_reconnects(pg_dsn):
    session, out, err, _ = make_session(pg_dsn)
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute("select pg_terminate_backend(%s)", (session.driver.backend_pid,))
    assert not session.run_text("select 1 as first")
    assert "not re-run" in err.getvalue()
    assert session.run_text("select 2 as second")
    assert "Reconnected" in err.getvalue()
    assert "second" in out.getvalue() and "first" not in out.getvalue()
    session.driver.close()


@pytest.mark.postgres
def test_notices_go_to_stderr(pg_dsn):
    session, out, err, _ = make_session(pg_dsn)
    session.run_text("do $$ begin raise notice 'careful now'; end $$")
    assert "NOTICE:  careful now" in err.getvalue() and "careful" not in out.getvalue()
    session.driver.close()


@pytest.mark.mysql
def test_mysql_error_caret_on_the_second_line(mysql_dsn):
    session, out, err, _ = make_session(mysql_dsn)
    session.run_text("select 1 +\n  from dual where")
    lines = err.getvalue().splitlines()
    assert lines[1:3] == ["LINE 2:   from dual where", "          ^"]
    session.driver.close()


@pytest.mark.postgres
def test_interactive_lost_connection_reconnects_at_once_and_reruns_only_when_asked(pg_dsn):
    session, out, err, asked = make_session(pg_dsn, interactive=True, answers=[True, False])
    for answer_expected in (True, False):
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute("select pg_terminate_backend(%s)", (session.driver.backend_pid,))
        session.run_text(f"select '{answer_expected}' as rerun")
    assert asked == ["Run the statement again?", "Run the statement again?"]
    assert "True" in out.getvalue() and "False" not in out.getvalue()
    assert err.getvalue().count("Reconnected") == 2
    session.driver.close()


@pytest.mark.mysql
def test_every_result_set_of_a_procedure_call_is_shown(mysql_dsn):
    session, out, err, _ = make_session(mysql_dsn)
    session.run_text("create procedure session_sets() begin select 'first' as a; select 'second' as b; end; "
                     "call session_sets(); select 'after' as c")
    text = out.getvalue()
    assert text.index("first") < text.index("second") < text.index("after")
    session.driver.close()


def test_timing_line_matches_psql():
    from pgcli_like.session import timing_line

    assert timing_line(0.0015) == "Time: 1.500 ms"
    assert timing_line(62.5) == "Time: 62500.000 ms (01:02.500)"
    assert timing_line(3725.25) == "Time: 3725250.000 ms (01:02:05.250)"


@pytest.mark.mysql
def test_mysql_delimiter_typed_in_one_input_applies_to_the_next(mysql_dsn):
    session, out, err, _ = make_session(mysql_dsn)
    assert session.run_text("DELIMITER //")
    assert session.run_text("create procedure one_set() begin select 'from proc' as a; end//")
    assert session.run_text("DELIMITER ;")
    assert session.run_text("call one_set();")
    assert "from proc" in out.getvalue() and err.getvalue().count("ERROR") == 0
    session.driver.close()


def test_statements_run_before_the_completion_client_exists_are_replayed_to_it(sqlite_session):
    session, out, err = sqlite_session

    class Recorder:
        def __init__(self):
            self.seen: list[str] = []

        def after_statement(self, sql: str) -> None:
            self.seen.append(sql)

    session.expect_client()
    session.run_text("create table early (a int)")
    client = Recorder()
    session.attach_client(client)
    session.run_text("create table late (a int)")
    assert client.seen == ["create table early (a int)", "create table late (a int)"]


def test_echo_goes_to_the_screen_and_qecho_to_the_o_file(sqlite_session, tmp_path):
    session, out, err = sqlite_session
    target = tmp_path / "o.txt"
    assert session.run_text(f"\\o {target}")
    assert session.run_text("\\echo on screen")
    assert session.run_text("\\qecho in file")
    assert session.run_text("\\warn on stderr")
    assert session.run_text("\\o")
    assert out.getvalue() == "on screen\n"
    assert target.read_text() == "in file\n"
    assert "on stderr" in err.getvalue()


@pytest.mark.postgres
def test_ctrl_c_stops_watch_even_when_the_statement_finishes_anyway(pg_dsn):
    """A statement that swallows the cancel still ends the \\watch loop (the Ctrl-C is not lost)."""
    session, out, err, _ = make_session(pg_dsn)
    pid = session.driver.backend_pid
    helper = ctrl_c_when_sleeping(pg_dsn, pid)
    session.run_text("do $$ begin begin perform pg_sleep(20); exception when query_canceled then null; end;"
                     " raise notice 'ran once'; end $$ \\watch 0.01 c=2")
    helper.join()
    assert err.getvalue().count("ran once") == 1
    session.driver.close()


@pytest.mark.mysql
def test_ctrl_c_that_the_server_answers_with_a_result_says_the_result_may_be_cut_short(mysql_dsn):
    """MariaDB's KILL QUERY stops BENCHMARK() early and returns 0 as if it had finished."""
    import pymysql

    session, out, err, _ = make_session(mysql_dsn)
    main = threading.get_ident()
    target = parse_dsn(mysql_dsn)

    def interrupt_when_running() -> None:
        deadline = time.monotonic() + 20
        conn = pymysql.connect(host=target.host, port=target.port or 3306, user=target.user)
        try:
            with conn.cursor() as cur:
                while time.monotonic() < deadline:
                    cur.execute("select 1 from information_schema.processlist where info like 'select benchmark%'")
                    if cur.fetchone():
                        signal.pthread_kill(main, signal.SIGINT)
                        return
        finally:
            conn.close()

    helper = threading.Thread(target=interrupt_when_running)
    helper.start()
    session.run_text("select benchmark(2000000000, md5('x')) as b")
    helper.join()
    assert "the server finished the statement anyway" in err.getvalue()
    assert session.run_text("select 2 as next_one") and "next_one" in out.getvalue()
    session.driver.close()


@pytest.mark.postgres
def test_ctrl_c_stops_the_rest_of_the_input_too(pg_dsn):
    session, out, err, _ = make_session(pg_dsn)
    helper = ctrl_c_when_sleeping(pg_dsn, session.driver.backend_pid)
    assert not session.run_text("select pg_sleep(20); select 'after' as x")
    helper.join()
    assert "after" not in out.getvalue()
    assert "the rest of the input was not run" in err.getvalue()
    session.driver.close()


def test_autocommit_off_opens_a_transaction_before_a_statement_as_psql_does(sqlite_session):
    session, out, err = sqlite_session
    assert session.run_text("create table t (a int); \\set AUTOCOMMIT off")
    assert session.run_text("insert into t values (1)")
    assert session.driver.transaction_state == "in_transaction"
    assert session.run_text("rollback; select count(*) as n from t")
    assert " n \n---\n 0\n" in out.getvalue()
    assert session.driver.transaction_state == "in_transaction"  # the select opened the next one


@pytest.mark.postgres
def test_autocommit_off_leaves_statements_that_cannot_run_in_a_transaction_alone(pg_dsn):
    session, out, err, _ = make_session(pg_dsn)
    assert session.run_text("\\set AUTOCOMMIT off")
    assert session.run_text("vacuum"), err.getvalue()
    assert session.driver.transaction_state == "idle"
    assert session.run_text("begin; select 1; commit")
    session.driver.close()


@pytest.mark.postgres
@pytest.mark.parametrize("interactive,kept", [(True, True), (False, False)])
def test_on_error_rollback_interactive_keeps_the_transaction_alive_after_an_error(pg_dsn, interactive, kept):
    session, out, err, _ = make_session(pg_dsn, interactive=interactive)
    session.run_text("\\set ON_ERROR_ROLLBACK interactive")
    session.run_text("begin; create temp table r (a int); insert into r values (1)")
    assert not session.run_text("select nope")
    assert (session.driver.transaction_state == "in_transaction") is kept
    if kept:
        assert session.run_text("insert into r values (2); select count(*) as n from r")
        assert " n \n---\n 2\n" in out.getvalue()
    session.run_text("rollback")
    session.driver.close()


def test_message_lines_get_the_role_of_their_severity():
    from pgcli_like.error_display import message_role

    assert message_role("ERROR:  boom") == "error"
    assert message_role("WARNING:  there is no transaction in progress") == "warning"
    assert message_role("Warning (1265): Data truncated for column 'a' at row 1") == "warning"
    assert message_role("            ^") == "caret"
    assert message_role("NOTICE:  table \"x\" does not exist, skipping") is None
    assert message_role("LINE 1: select nosuch") is None
