"""What the user sees: the real session and output layer print describe results exactly as psql does.

``SqlSession`` (the shell's session) formats to a string; psql prints the same command on the
same database with the same border (reading it from stdin, so several backslash commands on one
line run as they do interactively); the texts must be equal, character for character.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.postgres

SCHEMA = """
create table t(id serial primary key, name text not null default 'x', n int check (n > 0));
create table c(id int references t(id) on delete cascade, v varchar(10) unique);
create index c_v on c(v) where v is not null;
create view v as select * from t;
create function add1(a int) returns int language sql as 'select a+1';
"""


@pytest.fixture(scope="module")
def db(make_pg_database):
    return make_pg_database("h_psql_output", SCHEMA)


def psql(dsn: str, command: str, border: int) -> str:
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    p = urlsplit(dsn)
    return subprocess.run(["psql", "-X", "-P", "pager=off", "-P", f"border={border}", "-h", p.hostname or "",
                           "-p", str(p.port or 5432), "-U", p.username or "postgres", "-d", p.path.lstrip("/"),
                           ], input=command + "\n", capture_output=True, text=True, timeout=60, check=False).stdout


def printed(dsn: str, command: str, border: int = 1) -> str:
    """What the shell's session prints for ``command`` (the same path as typing it)."""
    from pgcli_like.drivers import open_driver
    from pgcli_like.dsn import parse_dsn
    from pgcli_like.session import SqlSession
    from pgcli_like.settings import OutputSettings

    out = io.StringIO()
    session = SqlSession(open_driver(parse_dsn(dsn)), stdout=out, stderr=io.StringIO(),
                         settings=OutputSettings(color=False, pager_enabled=False, border=border))
    try:
        session.run_text(command)
    finally:
        session.driver.close()
    return out.getvalue()


@pytest.mark.parametrize("border", [0, 1, 2])
@pytest.mark.parametrize("command", ["\\d t", "\\d c", "\\d+ v", "\\dt", "\\d t_id_seq", "\\d c_v",
                                     "\\df+ add1", "\\dp t", "\\dn", "\\dt \\dv"])
def test_session_prints_what_psql_prints(db, command, border):
    assert printed(db, command, border) == psql(db, command, border)
