"""Special commands in the real SQL shell: a pseudo-terminal (pexpect) and the non-interactive CLI."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pexpect
import pytest

pytestmark = pytest.mark.e2e

PROMPT = "shop>"  # the prompt names the database file


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": "cat", **extra}
    env.pop("DATABASE_URL", None)
    return env


def cli(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgcli_like", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, env=_env(**env), check=False)


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    path = tmp_path / "shop.db"
    conn = sqlite3.connect(path)
    conn.executescript("create table items(id integer primary key, name text not null);"
                       "insert into items(name) values ('pen'), ('ink');")
    conn.close()
    return str(path)


@pytest.fixture
def shell(demo_db: str, tmp_path: Path):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/41/42/' \"$1\"\n")
    editor.chmod(0o755)
    child = pexpect.spawn(sys.executable, ["-m", "pgcli_like", demo_db], cwd=str(tmp_path),
                          env=_env(EDITOR=str(editor)), encoding="utf-8", dimensions=(40, 120), timeout=20)
    child.expect(PROMPT)
    yield child
    child.close(force=True)


def run(child: pexpect.spawn, line: str) -> None:
    child.send(line + "\r")


def test_describe_commands_in_the_shell(shell):
    run(shell, "\\dt")
    shell.expect_exact("List of relations")
    shell.expect_exact("items")
    shell.expect(PROMPT)
    run(shell, "\\d items")
    shell.expect_exact('Table "main.items"')
    shell.expect("name +\\| TEXT +\\| not null")
    shell.expect(PROMPT)


def test_mistakes_give_one_line_and_the_shell_goes_on(shell):
    run(shell, "\\timng")
    shell.expect_exact("did you mean \\timing?")
    run(shell, "\\i /nonexistent/file.sql")
    shell.expect_exact("No such file or directory")
    run(shell, "\\unset")
    shell.expect_exact("usage: \\unset NAME")
    run(shell, "select count(*) from items;")
    shell.expect("\\b2\\b")
    shell.expect(PROMPT)


def test_expanded_and_variables(shell):
    run(shell, "\\x")
    shell.expect_exact("Expanded display is on.")
    run(shell, "\\set who 'ink'")
    run(shell, "select id from items where name = :'who';")
    shell.expect("id +\\| 2")
    shell.expect(PROMPT)


def test_edit_runs_what_the_editor_saved(shell):
    run(shell, "select 41 as answer \\e")
    shell.expect("\\b42\\b")
    shell.expect(PROMPT)


def test_watch_stops_on_ctrl_c_and_the_shell_goes_on(shell):
    run(shell, "select 7 as seven \\watch 0.2")
    shell.expect_exact("(every 0.2s)")
    shell.expect_exact("(every 0.2s)")
    shell.sendintr()
    shell.expect(PROMPT)
    run(shell, "select 8;")
    shell.expect("\\b8\\b")


def test_quit_leaves_with_status_zero(shell):
    run(shell, "\\q")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0


def test_command_line_variables_and_on_error_stop(demo_db, tmp_path):
    out = cli(demo_db, "-v", "n=2", "-c", "select :n * 10 as x", "--format", "csv")
    assert out.stdout.splitlines() == ["x", "20"]
    script = tmp_path / "s.sql"
    script.write_text("\\set ON_ERROR_STOP on\nselect 1 as a;\nselect nope;\nselect 3 as c;\n")
    out = cli(demo_db, "-f", str(script), "--format", "csv", "--on-error", "continue")
    assert out.returncode == 1 and "c" not in out.stdout.splitlines()


def test_copy_to_stdout_keeps_stdout_pure(demo_db):
    out = cli(demo_db, "-c", "\\copy items to stdout with (format csv)")
    assert out.stdout.splitlines() == ["1,pen", "2,ink"]


@pytest.mark.postgres
def test_describe_table_prints_what_psql_prints(pg_dsn):
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    import psycopg

    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("drop table if exists e2e_t cascade; create table e2e_t(id serial primary key, "
                     "name text not null default 'x', n int check (n > 0))")
    p = urlsplit(pg_dsn)
    psql = subprocess.run(["psql", "-X", "-P", "pager=off", "-h", p.hostname or "", "-p", str(p.port or 5432),
                           "-U", p.username or "postgres", "-d", p.path.lstrip("/"), "-c", "\\d e2e_t"],
                          capture_output=True, text=True, timeout=60, check=False)
    ours = cli(pg_dsn, "-c", "\\d e2e_t")
    assert ours.stdout.rstrip("\n") == psql.stdout.rstrip("\n")


def test_conditional_blocks_in_a_script(demo_db, tmp_path):
    script = tmp_path / "cond.sql"
    script.write_text("\\if :prod\n  select 'careful' as mode;\n\\else\n  select 'relaxed' as mode;\n\\endif\n")
    for prod, mode in (("on", "careful"), ("off", "relaxed")):
        out = cli(demo_db, "-v", f"prod={prod}", "-f", str(script), "--format", "csv")
        assert out.stdout.splitlines() == ["mode", mode], out.stderr


def test_pager_commands_in_the_shell(shell, tmp_path):
    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > '{paged}'\n")
    pager.chmod(0o755)
    run(shell, f"\\pager {pager}")
    shell.expect_exact(f"Pager is used for long output. Pager is {pager}.")
    run(shell, "\\pset pager always")
    shell.expect_exact("Pager is always used.")
    run(shell, "select name from items order by id;")
    run(shell, "\\echo 'after' 'select'")
    shell.expect_exact("after select")  # printed once the pager has ended (the typed line has quotes)
    assert "(2 rows)" in paged.read_text()  # it fits the screen, and was paged all the same
    run(shell, "\\pager off")
    shell.expect_exact("Pager usage is off.")
    run(shell, "select 'direct' as how;")
    shell.expect_exact("direct")
    shell.expect(PROMPT)


def test_o_pipe_in_the_shell(shell, tmp_path):
    target = tmp_path / "shouted.txt"
    run(shell, f"\\o |tr a-z A-Z > '{target}'")
    run(shell, "select name from items order by id;")
    run(shell, "\\qecho done")
    run(shell, "\\o")
    run(shell, "select 'screen' as back;")
    shell.expect(r"-+\r\n screen")  # the command was waited for at \o, before this ran
    assert target.read_text().split() == ["NAME", "------", "PEN", "INK", "(2", "ROWS)", "DONE"]


def test_theme_in_the_shell(shell):
    run(shell, "\\theme solarized-drak")
    shell.expect_exact("unknown theme solarized-drak; did you mean solarized-dark?")
    run(shell, "\\theme solarized-dark")
    shell.expect_exact("Theme is solarized-dark.")
    run(shell, "\\theme")
    shell.expect(r"\* solarized-dark ")
    shell.expect(PROMPT)


def test_echo_dash_n_in_the_shell(shell):
    run(shell, "\\echo -n one \\echo two")
    shell.expect_exact("onetwo")
    shell.expect(PROMPT)


def test_echo_dash_n_text_stays_on_screen_before_the_next_prompt(shell):
    run(shell, "\\echo -n one")
    shell.expect_exact("one\r\n")  # the prompt starts on a new line, so it does not overwrite "one"
    shell.expect(PROMPT)
    run(shell, "\\echo two")
    shell.expect_exact("two")
    shell.expect(PROMPT)


@pytest.mark.parametrize("command", ["\\g", "\\gx", "\\watch c=2"])
def test_a_failing_query_run_by_a_command_fails_the_run(demo_db, command):
    done = cli(demo_db, "-c", f"select nope {command}", "-c", "select 'after' as x")
    assert done.returncode == 1
    assert "no such column: nope" in done.stderr and "after" not in done.stdout


def test_a_failing_statement_in_an_included_file_fails_the_run(demo_db, tmp_path):
    script = tmp_path / "bad.sql"
    script.write_text("select nope;\nselect 'rest of file' as x;\n")
    done = cli(demo_db, "-c", f"\\i {script}", "--on-error", "continue")
    assert "rest of file" in done.stdout  # without ON_ERROR_STOP the file goes on, as in psql
    assert done.returncode == 1


DUMP = """create table dumped (id int, name text);
COPY public.dumped (id, name) FROM stdin;
1\tone
2\t\\N
\\.
select id, coalesce(name, '-') as name from dumped order by id;
"""


@pytest.mark.postgres
def test_a_pg_dump_style_script_with_inline_copy_data_loads(pg_dsn):
    done = cli(pg_dsn, "--format", "csv", stdin=DUMP)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["id,name", "1,one", "2,-"]
    assert "COPY 2" in done.stderr


@pytest.mark.postgres
def test_copy_to_stdout_writes_the_data_and_the_connection_goes_on(pg_dsn):
    done = cli(pg_dsn, "-c", "copy (select 1 as a, 'x y' as b) to stdout with (format csv)",
               "-c", "select 2 as after")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "1,x y" and "after" in done.stdout


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_backslash_copy_from_stdin_reads_the_lines_that_follow_in_the_script(engine, demo_db, request,
                                                                          tmp_path):
    dsn = demo_db if engine == "sqlite" else request.getfixturevalue("pg_dsn")
    script = tmp_path / "load.sql"
    script.write_text("create table inline_rows (n int, word text);\n"
                      "\\copy inline_rows from stdin with (format csv)\n7,seven\n8,eight\n\\.\n"
                      "select n, word from inline_rows order by n;\n")
    done = cli(dsn, "-f", str(script), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n,word", "7,seven", "8,eight"]


@pytest.mark.postgres
def test_a_pg_dump_file_restores(pg_dsn, tmp_path):
    """pg_dump's own output (\\restrict KEY … COPY … FROM stdin … \\unrestrict KEY) loads as with psql."""
    import psycopg

    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("create table to_dump (id int primary key, name text)")
        conn.execute("insert into to_dump values (1, 'one'), (2, E'tab\\there'), (3, null)")
    dump = subprocess.run([pg_dump, "-t", "to_dump", "-d", pg_dsn], capture_output=True, text=True, check=True)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("drop table to_dump")
    done = cli(pg_dsn, stdin=dump.stdout)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        rows = conn.execute("select id, name from to_dump order by id").fetchall()
        conn.execute("drop table to_dump")
    assert rows == [(1, "one"), (2, "tab\there"), (3, None)]


def test_restricted_mode_refuses_backslash_commands_until_unrestrict_with_the_key(demo_db):
    done = cli(demo_db, "--on-error", "continue", stdin="\\restrict k3y\n\\! echo pwned\nselect 'sql runs' as x;\n"
                                                       "\\unrestrict wrong\n\\unrestrict k3y\n\\echo free\n")
    assert "pwned" not in done.stdout and "sql runs" in done.stdout and "free" in done.stdout
    assert "backslash commands are restricted; only \\unrestrict is allowed" in done.stderr
    assert "\\unrestrict: wrong key" in done.stderr
