"""\\d footers for rules, foreign tables, typed tables and tablespaces: the session prints what
psql 15 prints on the same objects, character for character (as in test_psql_output).

Foreign tables use a wrapper without handler (``CREATE FOREIGN DATA WRAPPER``), which
PostgreSQL accepts and which needs no extension. A tablespace needs a directory the server's
own user owns, so that test runs only where we can make one (root, on the server's machine).
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
import uuid

import pytest

from tests.pgcli_like.special.test_psql_output import printed, psql

pytestmark = pytest.mark.postgres

SCHEMA = """
create table r(id int primary key, x int);
create table rlog(id int);
create rule r_ins as on insert to r do also insert into rlog values (new.id);
create rule r_del as on delete to r do instead nothing;
alter table r disable rule r_del;
create rule r_upd as on update to r do also notify r;
alter table r enable always rule r_upd;
create rule r_rep as on insert to rlog do also notify rlog;
alter table rlog enable replica rule r_rep;
create view rv as select * from r;
create rule rv_ins as on insert to rv do instead insert into r values (new.id, new.x);
create materialized view mv as select 1 as a;
create type pair as (a int, b text);
create table typed of pair with (fillfactor = 70);
alter table typed replica identity full;
create foreign data wrapper h_dummy;
create server h_srv foreign data wrapper h_dummy options (host 'x');
create foreign table ft(a int options (column_name 'aa'), b text) server h_srv
  options (schema_name 'public', "Table Name" 'it''s');
create foreign table ft_plain(a int) server h_srv;
"""


@pytest.fixture(scope="module")
def db(make_pg_database):
    return make_pg_database("h_pg_footers", SCHEMA)


@pytest.mark.parametrize("command", [
    "\\d r", "\\d+ r", "\\d rlog", "\\d rv", "\\d+ rv", "\\d+ mv", "\\d typed", "\\d+ typed",
    "\\d ft", "\\d+ ft", "\\d ft_plain",
])
def test_footer_matches_psql(db, command):
    assert printed(db, command) == psql(db, command, 1)


def test_rules_are_grouped_as_psql_groups_them(db):
    text = printed(db, "\\d r")
    heads = [line for line in text.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert heads == ["Indexes:", "Rules:", "Disabled rules:", "Rules firing always:"]
    assert "Rules firing on replica only:" in printed(db, "\\d rlog")


def test_foreign_table_shows_its_server_and_options(db):
    text = printed(db, "\\d ft")
    assert "Server: h_srv\nFDW options: (schema_name 'public', \"Table Name\" 'it''s')\n" in text
    assert "(column_name 'aa')" in text


def _server_is_local_and_we_are_root(dsn: str) -> bool:
    from urllib.parse import urlsplit

    return os.geteuid() == 0 and (urlsplit(dsn).hostname or "") in ("127.0.0.1", "localhost", "::1")


@pytest.fixture(scope="module")
def tablespace_db(make_pg_database, pg_server_dsn):
    """A database with tables and indexes in a tablespace of their own (dropped afterwards)."""
    import psycopg

    if not _server_is_local_and_we_are_root(pg_server_dsn):
        pytest.skip("a tablespace needs a directory owned by the server's user on its machine")
    try:
        server_user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("no 'postgres' system user to own a tablespace directory")
    # /tmp itself, not pytest's tmp_path: the server's user must be able to reach the directory.
    location = tempfile.mkdtemp(prefix="shk_ts_", dir="/tmp")
    os.chown(location, server_user.pw_uid, server_user.pw_gid)
    space = f"shk_ts_{uuid.uuid4().hex[:8]}"
    dsn = make_pg_database("h_pg_tablespace")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE TABLESPACE {space} LOCATION '{location}'")
        try:
            conn.execute(f"create table tsp(a int) tablespace {space};"
                         f"create index tsp_a on tsp(a) tablespace {space};"
                         "create table tsp2(a int primary key);"
                         f"create index tsp2_a on tsp2(a) tablespace {space};"
                         f"create table pt(a int) partition by list (a) tablespace {space};"
                         f"create materialized view mvt tablespace {space} as select 1 as a;")
            yield dsn, space
        finally:
            conn.execute("DROP TABLE IF EXISTS tsp, tsp2, pt; DROP MATERIALIZED VIEW IF EXISTS mvt")
            conn.execute(f"DROP TABLESPACE {space}")
            shutil.rmtree(location, ignore_errors=True)


@pytest.mark.parametrize("command", ["\\d tsp", "\\d+ tsp", "\\d tsp_a", "\\d tsp2", "\\d+ pt", "\\d+ mvt"])
def test_tablespace_footer_matches_psql(tablespace_db, command):
    dsn, _ = tablespace_db
    assert printed(dsn, command) == psql(dsn, command, 1)


def test_tablespace_is_named_on_the_table_and_its_indexes(tablespace_db):
    dsn, space = tablespace_db
    text = printed(dsn, "\\d tsp")
    assert f'    "tsp_a" btree (a), tablespace "{space}"\nTablespace: "{space}"\n' in text
    assert "Tablespace:" not in printed(dsn, "\\d tsp2")  # only its index is elsewhere
