"""``\\errverbose``: the session's last server error again, in psql's verbose form.

On PostgreSQL the session's stderr is compared with psql's for the same input (an error, then
``\\errverbose``): SQLSTATE, DETAIL, HINT, QUERY, CONTEXT, the object names and LOCATION must
come out as psql prints them.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.dsn import parse_dsn
from pgcli_like.error_display import FailedStatement, error_lines
from pgcli_like.session import SqlSession
from pgcli_like.settings import OutputSettings
from pgcli_like.special.registry import run_special

SCHEMA = """
create table t(a int primary key, b int check (b > 0), c text not null);
insert into t values (1, 1, 'x');
create domain posint as int check (value > 0);
create function f() returns int language plpgsql as $$ begin return (select nosuch from t); end $$;
"""


@pytest.fixture(scope="module")
def errors_db(make_pg_database):
    return make_pg_database("h_errverbose", SCHEMA)


def session_output(dsn: str, text: str) -> tuple[str, str]:
    """(stdout, stderr) of a session that runs ``text`` as a script would."""
    out, err = io.StringIO(), io.StringIO()
    session = SqlSession(open_driver(parse_dsn(dsn)), settings=OutputSettings(pager_enabled=False, color=False),
                         stdout=out, stderr=err)
    try:
        session.run_text(text)
    finally:
        session.driver.close()
    return out.getvalue(), err.getvalue()


def psql_stderr(dsn: str, text: str) -> str:
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    p = urlsplit(dsn)
    return subprocess.run(["psql", "-X", "-q", "-h", p.hostname or "", "-p", str(p.port or 5432),
                           "-U", p.username or "postgres", "-d", p.path.lstrip("/")],
                          input=text, capture_output=True, text=True, timeout=60, check=False).stderr


@pytest.mark.postgres
@pytest.mark.parametrize("statement", [
    "select 1/0;",  # SQLSTATE and LOCATION only
    "select nosuch\n  from t;",  # the caret
    "insert into t values (1, 2, 'y');",  # DETAIL, SCHEMA/TABLE/CONSTRAINT NAME
    "insert into t values (2, 1, null);",  # COLUMN NAME
    "select (-1)::posint;",  # DATATYPE NAME
    "select f();",  # QUERY, CONTEXT, the inner caret
    "select nosuch_fn(1)\n;",  # HINT (the ; on its own line: we show the statement without it)
    "do $$ begin perform 1/0; end $$;",  # CONTEXT
])
def test_errverbose_prints_what_psql_prints(errors_db, statement):
    text = f"{statement}\n\\errverbose\n"
    _, ours = session_output(errors_db, text)
    assert ours == psql_stderr(errors_db, text)
    assert "LOCATION:  " in ours


@pytest.mark.postgres
def test_no_error_yet_is_said_on_stdout_as_psql_says_it(errors_db):
    out, err = session_output(errors_db, "select 1;\n\\errverbose\n")
    assert out.endswith("There is no previous error.\n")
    assert err == ""


@pytest.mark.postgres
def test_the_last_error_stays_after_statements_that_succeed(errors_db):
    _, err = session_output(errors_db, "select 1/0;\nselect nosuch;\nselect 1;\n\\errverbose\n")
    shown = err.splitlines()[-4:]
    assert shown[:3] == ['ERROR:  42703: column "nosuch" does not exist', "LINE 1: select nosuch",
                         "               ^"]
    assert shown[3].startswith("LOCATION:  errorMissingColumn, ")


@pytest.mark.postgres
def test_a_failed_catalog_query_of_a_describe_command_is_kept_too(errors_db):
    # psql keeps those as well: \dt ( sends an invalid regular expression to the server.
    _, ours = session_output(errors_db, "\\dt (\n\\errverbose\n")
    assert ours.splitlines()[1].startswith("ERROR:  2201B: invalid regular expression")


@pytest.mark.postgres
def test_a_cancelled_statement_is_the_last_error(errors_db):
    _, err = session_output(errors_db, "set statement_timeout = 10;\nselect pg_sleep(5);\n\\errverbose\n")
    assert "ERROR:  57014: canceling statement due to statement timeout" in err.splitlines()


@pytest.mark.mysql
def test_errverbose_on_mysql_shows_the_error_number(mysql_dsn):
    _, err = session_output(mysql_dsn, "select * from nosuch;\n\\errverbose\n")
    verbose = [line for line in err.splitlines() if line.startswith("ERROR:  1146: ")]
    assert len(verbose) == 1 and verbose[0].endswith(".nosuch' doesn't exist")


def test_errverbose_on_sqlite(sqlite_path):
    _, err = session_output(sqlite_path, "select * from nosuch;\n\\errverbose\n")
    lines = err.splitlines()
    # Python 3.11+ names SQLite's result code (SQLITE_ERROR); 3.10 cannot.
    assert lines[-3] in ("ERROR:  SQLITE_ERROR: no such table: nosuch", "ERROR:  no such table: nosuch")
    assert lines[-2:] == ["LINE 1: select * from nosuch", "                      ^"]


def test_errverbose_takes_no_argument(sqlite_ctx):
    from pgcli_like.special.base import CommandError

    with pytest.raises(CommandError, match=r"\\errverbose: too many arguments"):
        run_special(sqlite_ctx, "\\errverbose now")


def test_verbose_lines_without_the_server_fields():
    from pgcli_like.drivers.base import DatabaseError

    err = DatabaseError("bad thing", sqlstate="XX000", detail="why", source_function="f")
    assert error_lines(FailedStatement(err, None).error, None, verbose=True) == [
        "ERROR:  XX000: bad thing", "DETAIL:  why", "LOCATION:  f, "]
    assert error_lines(DatabaseError("plain"), None, verbose=True) == ["ERROR:  plain"]
