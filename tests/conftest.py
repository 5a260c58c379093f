"""Shared fixtures: isolated HOME/XDG dirs, and uniquely named databases on the real servers.

DSNs come from SHELLKIT_TEST_PG_DSN / SHELLKIT_TEST_MYSQL_DSN (defaults: the local
servers). A server that cannot be reached skips its tests loudly; under CI=true it
fails instead.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_DSN = os.environ.get("SHELLKIT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_DSN = os.environ.get("SHELLKIT_TEST_MYSQL_DSN", "mysql://root@127.0.0.1:3306/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
RUN_ID = f"shk_{os.getpid()}_{uuid.uuid4().hex[:6]}"


def _unreachable(what: str, err: Exception) -> None:
    msg = f"{what} is not reachable ({err!s}); its tests cannot run"
    if IN_CI:
        pytest.fail(msg)
    warnings.warn(msg, stacklevel=2)
    pytest.skip(f"SKIPPED LOUDLY: {msg}")


def _with_database(dsn: str, database: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path="/" + database))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own config/data dirs so nothing touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    yield


@pytest.fixture(scope="session")
def pg_server_dsn() -> str:
    try:
        import psycopg

        psycopg.connect(PG_DSN, connect_timeout=5, autocommit=True).close()
    except Exception as err:  # noqa: BLE001 - any failure means "not reachable"
        _unreachable(f"PostgreSQL at {PG_DSN}", err)
    return PG_DSN


@pytest.fixture(scope="session")
def mysql_server_dsn() -> str:
    try:
        import pymysql

        p = urlsplit(MYSQL_DSN)
        pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username, password=p.password or "",
                        connect_timeout=5).close()
    except Exception as err:  # noqa: BLE001
        _unreachable(f"MariaDB/MySQL at {MYSQL_DSN}", err)
    return MYSQL_DSN


@pytest.fixture(scope="session")
def pg_dsn(pg_server_dsn: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped afterwards."""
    import psycopg

    name = f"{RUN_ID}_pg".lower()
    with psycopg.connect(pg_server_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(pg_server_dsn, name)
    finally:
        with psycopg.connect(pg_server_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def mysql_dsn(mysql_server_dsn: str) -> Iterator[str]:
    """A fresh MariaDB database for this test run, dropped afterwards."""
    import pymysql

    p = urlsplit(mysql_server_dsn)
    name = f"{RUN_ID}_my".lower()

    def admin():
        return pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username,
                               password=p.password or "", autocommit=True)

    conn = admin()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}`")
    conn.close()
    try:
        yield _with_database(mysql_server_dsn, name)
    finally:
        conn = admin()
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()


@pytest.fixture
def sqlite_path(tmp_path) -> str:
    """A path for a fresh SQLite database file."""
    return str(tmp_path / "test.db")


@pytest.fixture(scope="session")
def make_pg_database(pg_server_dsn: str) -> Iterator:
    """Factory: ``make_pg_database(tag, schema=None)`` returns the DSN of a new database
    (``schema``, SQL, already run in it), dropped at the end."""
    import psycopg

    made: list[str] = []

    def make(tag: str, schema: str | None = None) -> str:
        name = f"{RUN_ID}_{tag}".lower()
        with psycopg.connect(pg_server_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        dsn = _with_database(pg_server_dsn, name)
        if schema:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(schema)
        return dsn

    yield make
    with psycopg.connect(pg_server_dsn, autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def make_mysql_database(mysql_server_dsn: str) -> Iterator:
    """Factory: ``make_mysql_database(tag)`` returns the DSN of a new database, dropped at the end."""
    import pymysql

    p = urlsplit(mysql_server_dsn)
    made: list[str] = []

    def run(sql: str) -> None:
        conn = pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username,
                               password=p.password or "", autocommit=True)
        with conn.cursor() as cur:
            cur.execute(sql)
        conn.close()

    def make(tag: str) -> str:
        name = f"{RUN_ID}_{tag}".lower()
        run(f"CREATE DATABASE `{name}`")
        made.append(name)
        return _with_database(mysql_server_dsn, name)

    yield make
    for name in made:
        run(f"DROP DATABASE IF EXISTS `{name}`")
