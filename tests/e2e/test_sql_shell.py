"""`shellkit sql` in a real pseudo-terminal (pexpect) and as a non-interactive command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import psycopg
import pytest

pytestmark = pytest.mark.e2e

# The prompt: a name, * or ! for the transaction state, > or # (prompt_toolkit draws the
# trailing space as a cursor movement, so it is not in the raw output).
PROMPT = r"\w[*!]?[>#]"


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": "cat", **extra}
    env.pop("DATABASE_URL", None)
    return env


def _shellkit_sql() -> list[str]:
    """`shellkit sql` as a user runs it (the console script next to this Python)."""
    script = Path(sys.executable).with_name("shellkit")
    if script.exists():
        return [str(script), "sql"]
    return [sys.executable, "-m", "pgcli_like"]


def spawn(*args: str, **env: str) -> pexpect.spawn:
    """The interactive shell in a pseudo-terminal (`python -m pgcli_like` runs in `cli`)."""
    command = _shellkit_sql()
    return pexpect.spawn(command[0], [*command[1:], *args], env=_env(**env), encoding="utf-8",
                         dimensions=(40, 120), timeout=20)


def send(child: pexpect.spawn, line: str) -> None:
    child.send(line + "\r")


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgcli_like", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env=_env(), check=False)


@pytest.mark.parametrize("word", [":q", "\\q", "quit", "exit", None])
def test_prompt_result_table_and_every_way_out_exits_zero(sqlite_path, word):
    child = spawn(sqlite_path)
    child.expect_exact("test>")
    send(child, "select 1 as one, 'two' as two;")
    child.expect(r" one \| two \r\n-----\+-----\r\n   1 \| two\r\n\(1 row\)")
    child.expect(PROMPT)
    if word is None:
        child.sendcontrol("d")
    else:
        send(child, word)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_error_shows_the_statement_line_with_a_caret_and_the_shell_goes_on(sqlite_path):
    child = spawn(sqlite_path)
    child.expect(PROMPT)
    send(child, "select * form t;")
    child.expect_exact('near "form": syntax error')
    child.expect_exact("LINE 1: select * form t\r\n                 ^")
    child.expect(PROMPT)
    send(child, "select 40 + 2 as answer;")
    child.expect_exact("42")
    child.close(force=True)


def test_destructive_statement_asks_first(sqlite_path):
    child = spawn(sqlite_path)
    child.expect(PROMPT)
    send(child, "create table t (a int); insert into t values (1);")
    child.expect(PROMPT)
    send(child, "delete from t;")
    child.expect_exact("destructive (DELETE without WHERE). Run it? [y/N]")
    send(child, "n")
    child.expect_exact("Not run.")
    child.expect(PROMPT)
    send(child, "select count(*) as n from t;")
    child.expect(r"\n +1\r\n\(1 row\)")
    child.expect(PROMPT)
    send(child, "with x as (select 1) delete from t;")
    child.expect_exact("Run it? [y/N]")
    send(child, "y")
    child.expect_exact("DELETE 1")
    child.close(force=True)


def test_leaving_with_an_open_transaction_asks_commit_or_rollback(sqlite_path):
    child = spawn(sqlite_path)
    child.expect(PROMPT)
    send(child, "create table t (a int); begin; insert into t values (1);")
    child.expect_exact("test*>")
    child.sendcontrol("d")
    child.expect_exact("Commit or roll back? [c/r]")
    send(child, "c")
    child.expect_exact("Committed.")
    child.expect(pexpect.EOF)
    result = cli(sqlite_path, "-c", "select count(*) as n from t", "--format", "csv")
    assert result.stdout == "n\n1\n"


@pytest.mark.postgres
def test_ctrl_c_cancels_pg_sleep_and_the_same_backend_runs_the_next_statement(pg_dsn):
    child = spawn(pg_dsn)
    child.expect(PROMPT)
    send(child, "select pg_backend_pid() as pid;")
    child.expect(r"pid *\r\n-+\r\n +(\d+)\r\n")
    pid = int(child.match.group(1))
    child.expect(PROMPT)
    send(child, "select pg_sleep(30);")
    with psycopg.connect(pg_dsn, autocommit=True) as watcher:
        while not watcher.execute("select 1 from pg_stat_activity where pid = %s and wait_event = 'PgSleep'",
                                  (pid,)).fetchone():
            assert child.isalive()
    child.sendintr()
    child.expect_exact("cancelled")
    child.expect(PROMPT)
    send(child, "select pg_backend_pid() as pid;")
    child.expect(rf"\b{pid}\b")
    child.expect(PROMPT)
    send(child, "\\q")
    child.expect(pexpect.EOF)


@pytest.mark.postgres
def test_postgres_superuser_prompt_and_failed_transaction_mark(pg_dsn):
    child = spawn(pg_dsn)
    child.expect(r"\w#")
    send(child, "begin;")
    child.expect(r"\*#")
    send(child, "select 1/0;")
    child.expect_exact("ERROR:  division by zero")
    child.expect(r"!#")
    send(child, "rollback;")
    child.expect(r"\w#")
    child.close(force=True)


@pytest.mark.mysql
def test_mariadb_shell_runs_queries_and_points_at_errors(mysql_dsn):
    child = spawn(mysql_dsn)
    child.expect(PROMPT)
    send(child, "select 6 * 7 as answer;")
    child.expect_exact("42")
    child.expect(PROMPT)
    send(child, "select * form dual;")
    child.expect_exact("near 'form dual' at line 1")
    child.expect_exact("LINE 1: select * form dual\r\n                 ^")
    child.close(force=True)


def test_demo_opens_with_an_empty_home(tmp_path):
    home = tmp_path / "empty-home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_CONFIG_HOME": "", "XDG_DATA_HOME": "", "XDG_CACHE_HOME": ""}
    child = spawn("--demo", **env)
    child.expect_exact("demo>")
    send(child, "select count(*) as n from order_items join orders on orders.id = order_items.order_id;")
    child.expect(r"\(1 row\)")
    send(child, "\\q")
    child.expect(pexpect.EOF)
    for table in ("customers", "orders", "order_items", "products"):
        result = subprocess.run([sys.executable, "-m", "pgcli_like", "--demo", "-c",
                                 f"select count(*) > 0 as has_rows from {table}", "--format", "csv"],
                                capture_output=True, text=True, env=_env(**env), timeout=60, check=False)
        assert result.stdout == "has_rows\n1\n", table


def test_command_option_prints_only_data_and_exit_status_zero(sqlite_path):
    result = cli(sqlite_path, "-c", "create table t (a int, b text)", "-c",
                 "insert into t values (1, null), (2, 'x')", "-c", "select * from t", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout == "a,b\n1,\n2,x\n"
    assert "INSERT 0 2" in result.stderr and "\x1b" not in result.stdout + result.stderr


def test_file_and_stdin_stop_at_the_first_error_with_status_one(sqlite_path, tmp_path):
    script = tmp_path / "script.sql"
    script.write_text("select 1 as a;\nselect nosuch;\nselect 3 as c;\n")
    result = cli(sqlite_path, "-f", str(script), "--format", "csv")
    assert result.returncode == 1
    assert result.stdout == "a\n1\n"
    assert "no such column: nosuch" in result.stderr
    piped = cli(sqlite_path, "--format", "csv", stdin=script.read_text())
    assert (piped.returncode, piped.stdout) == (1, "a\n1\n")
    going_on = cli(sqlite_path, "--format", "csv", "--on-error", "continue", stdin=script.read_text())
    assert (going_on.returncode, going_on.stdout) == (1, "a\n1\nc\n3\n")


def test_single_transaction_rolls_everything_back_on_error(sqlite_path):
    cli(sqlite_path, "-c", "create table t (a int)")
    failed = cli(sqlite_path, "-1", "-c", "insert into t values (1)", "-c", "insert into nope values (2)")
    assert failed.returncode == 1
    count = cli(sqlite_path, "-c", "select count(*) as n from t", "--format", "csv")
    assert count.stdout == "n\n0\n"


def test_read_only_refuses_writes_on_sqlite(sqlite_path):
    cli(sqlite_path, "-c", "create table t (a int)")
    result = cli(sqlite_path, "--read-only", "-c", "insert into t values (1)")
    assert result.returncode == 1 and "readonly" in result.stderr


@pytest.mark.parametrize("lift", ["pragma query_only = 0", "PRAGMA query_only(false)"])
def test_read_only_cannot_be_lifted_on_sqlite_in_memory(lift):
    result = cli(":memory:", "--read-only", "-c", lift, "-c", "create table t (a int)")
    assert result.returncode == 1
    assert "not run: changing query_only would lift --read-only" in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("lift", ["BEGIN READ WRITE", "SET default_transaction_read_only = off", "RESET ALL",
                                  "SELECT set_config('default_transaction_read_only', 'off', false)",
                                  "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"])
def test_read_only_cannot_be_lifted_on_postgres(pg_dsn, lift):
    result = cli(pg_dsn, "--read-only", "--on-error", "continue", "-c", lift, "-c", "create table lifted (a int)",
                 "-c", "show transaction_read_only", "--format", "csv")
    assert result.returncode == 1
    assert "would lift --read-only (the session stays read-only)" in result.stderr
    assert "read-only transaction" in result.stderr  # the server refused the CREATE
    assert result.stdout == "transaction_read_only\non\n"


@pytest.mark.mysql
@pytest.mark.parametrize("lift", ["SET SESSION TRANSACTION READ WRITE", "SET @@session.tx_read_only = 0"])
def test_read_only_cannot_be_lifted_on_mysql(mysql_dsn, lift):
    result = cli(mysql_dsn, "--read-only", "--on-error", "continue", "-c", lift, "-c", "create table lifted (a int)",
                 "-c", "select @@tx_read_only as ro", "--format", "csv")
    assert result.returncode == 1
    assert "would lift --read-only (the session stays read-only)" in result.stderr
    assert result.stdout == "ro\n1\n"


def test_variables_from_the_command_line(sqlite_path):
    result = cli(sqlite_path, "-v", "n=21", "-c", "select :n * 2 as answer", "--format", "csv")
    assert result.stdout == "answer\n42\n"


@pytest.mark.postgres
def test_postgres_errors_exit_one_with_the_servers_message(pg_dsn):
    result = cli(pg_dsn, "-c", "select 1/0")
    assert result.returncode == 1 and "division by zero" in result.stderr


def test_every_row_is_printed_without_a_limit(sqlite_path):
    result = cli(sqlite_path, "-c", "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) "
                 "select i from n", "--format", "csv")
    assert result.stdout.count("\n") == 5001


def test_bad_dsn_is_one_line_and_status_one(tmp_path):
    result = cli(str(tmp_path / "missing" / "x.db"), "-c", "select 1")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_password_is_not_shown_in_error_messages():
    result = cli("postgresql://nobody:s3cretpw@127.0.0.1:1/x", "-c", "select 1")
    assert result.returncode == 1 and "s3cretpw" not in result.stderr


def test_prompt_names_the_database_file(tmp_path):
    path = Path(tmp_path) / "shop.db"
    child = spawn(str(path))
    child.expect_exact("shop>")
    child.close(force=True)


@pytest.mark.postgres
def test_password_in_the_dsn_stays_out_of_the_process_list(pg_dsn):
    dsn = pg_dsn.replace("postgres@", "postgres:hunter2secret@")
    child = spawn(dsn)
    child.expect(PROMPT)
    cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes()
    assert b"hunter2secret" not in cmdline and b"postgres@" in cmdline
    send(child, "select 1 as ok;")
    child.expect_exact("(1 row)")
    child.close(force=True)


@pytest.mark.mysql
def test_password_is_asked_when_the_server_wants_one_and_never_echoed(mysql_dsn):
    import uuid
    from urllib.parse import urlsplit

    import pymysql

    p = urlsplit(mysql_dsn)
    user, password = f"shk_{uuid.uuid4().hex[:8]}", "pw-" + uuid.uuid4().hex[:8]
    admin = pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username, password=p.password or "",
                            autocommit=True)
    try:
        with admin.cursor() as cur:
            cur.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", (user, password))
            cur.execute("CREATE USER %s@'localhost' IDENTIFIED BY %s", (user, password))
        child = spawn(f"mysql://{user}@{p.hostname}:{p.port or 3306}/")
        child.expect_exact(f"Password for user {user}:")
        child.sendline(password)
        child.expect(PROMPT)
        send(child, "select current_user() like 'shk_%' as me;")
        child.expect(r"\n +1\r\n")
        assert password not in child.before
        child.close(force=True)
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP USER IF EXISTS %s@'%%'", (user,))
            cur.execute("DROP USER IF EXISTS %s@'localhost'", (user,))
        admin.close()


@pytest.mark.postgres
def test_libpq_environment_and_service_files_are_honoured(pg_dsn, tmp_path):
    from urllib.parse import urlsplit

    p = urlsplit(pg_dsn)
    database = p.path.lstrip("/")
    by_env = subprocess.run(
        [sys.executable, "-m", "pgcli_like", "-h", p.hostname, "-p", str(p.port), "-U", p.username,
         "-c", "select current_database() as db", "--format", "csv"],
        capture_output=True, text=True, timeout=60, check=False, env=_env(PGDATABASE=database))
    assert by_env.stdout == f"db\n{database}\n"
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[shk]\nhost={p.hostname}\nport={p.port}\nuser={p.username}\ndbname={database}\n")
    by_service = subprocess.run(
        [sys.executable, "-m", "pgcli_like", "service=shk", "-c", "select current_database() as db",
         "--format", "csv"],
        capture_output=True, text=True, timeout=60, check=False, env=_env(PGSERVICEFILE=str(services)))
    assert by_service.stdout == f"db\n{database}\n"


def test_database_url_is_used_when_no_dsn_is_given(sqlite_path):
    subprocess.run([sys.executable, "-m", "pgcli_like", sqlite_path, "-c", "create table from_env (a int)"],
                   env=_env(), check=True, capture_output=True, timeout=60)
    result = subprocess.run([sys.executable, "-m", "pgcli_like", "-c", "select name from sqlite_master",
                             "--format", "csv"], capture_output=True, text=True, timeout=60, check=False,
                            env={**_env(), "DATABASE_URL": f"sqlite:///{sqlite_path}"})
    assert result.stdout == "name\nfrom_env\n"


@pytest.mark.postgres
def test_ctrl_d_typed_while_a_statement_runs_leaves_once_it_is_done(pg_dsn):
    child = spawn(pg_dsn)
    child.expect(PROMPT)
    send(child, "select pg_backend_pid() as pid;")
    child.expect(r"pid *\r\n-+\r\n +(\d+)\r\n")
    pid = int(child.match.group(1))
    child.expect(PROMPT)
    send(child, "select pg_sleep(1) as slept;")
    with psycopg.connect(pg_dsn, autocommit=True) as watcher:
        while not watcher.execute("select 1 from pg_stat_activity where pid = %s and wait_event = 'PgSleep'",
                                  (pid,)).fetchone():
            assert child.isalive()
    child.sendcontrol("d")  # while the shell is busy, not at a prompt: "leave when done"
    child.expect_exact("(1 row)")
    child.expect(pexpect.EOF, timeout=10)
    child.close()
    assert child.exitstatus == 0


def test_an_unclosed_if_in_one_input_does_not_skip_the_next(sqlite_path, tmp_path):
    script = tmp_path / "open.sql"
    script.write_text("\\if false\nselect 'skipped' as x;\n")
    done = cli(sqlite_path, "-f", str(script), "-c", "select 'after' as x", "--on-error", "continue")
    assert "after" in done.stdout and "skipped" not in done.stdout
    assert "reached EOF without finding closing \\endif" in done.stderr
    assert done.returncode == 1


def test_prompt_shows_an_inactive_if_branch(sqlite_path):
    child = spawn(sqlite_path)
    child.expect(PROMPT)
    send(child, "\\if false")
    child.expect_exact("test@>")
    send(child, "\\endif")
    child.expect_exact("test>")
    child.close(force=True)


def test_a_missing_script_file_is_one_line_naming_it_and_status_one(sqlite_path, tmp_path):
    done = cli(sqlite_path, "-f", str(tmp_path / "missing.sql"))
    assert done.returncode == 1
    assert done.stderr == f"shellkit sql: cannot read {tmp_path / 'missing.sql'}: No such file or directory\n"
    assert done.stdout == ""


def test_theme_roles_colour_the_result_and_warnings_at_a_terminal(pg_dsn):
    import re

    from prompt_toolkit.output.color_depth import ColorDepth

    import themes

    theme = themes.current_theme("dark").with_depth(ColorDepth.DEPTH_4_BIT)
    env = _env(SHELLKIT_COLOR_DEPTH="16")
    env.pop("NO_COLOR")
    command = _shellkit_sql()
    child = pexpect.spawn(command[0], [*command[1:], "--theme", "dark", pg_dsn], env=env, encoding="utf-8",
                          dimensions=(40, 120), timeout=20)
    child.expect(PROMPT)
    send(child, "select 7 as n;")
    child.expect_exact(f" {theme.ansi('header')}n\x1b[0m \r\n---\r\n {theme.ansi('number')}7\x1b[0m\r\n"
                       f"{theme.ansi('footer')}(1 row)\x1b[0m")
    child.expect(PROMPT)
    send(child, "rollback;")
    child.expect(re.escape(theme.ansi("warning")) + r"WARNING:  there is no transaction in progress")
    child.expect(PROMPT)
    send(child, "\\q")
    child.expect(pexpect.EOF)
