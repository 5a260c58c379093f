"""``\\password`` in the real ``shellkit sql`` (a pseudo-terminal), on PostgreSQL and MariaDB.

Each test makes its own uniquely named role/user and drops it. PostgreSQL here trusts local
connections, so the proof of a new password is pg_authid: a new SCRAM verifier. On MariaDB
the proof is logging in with the new password. Every test also checks that the password
typed never shows on the screen nor lands in any file under the (isolated) HOME.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pexpect
import pytest

pytestmark = pytest.mark.e2e

PROMPT = r"\w[*!]?[>#]"


def _env() -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": "cat"}
    env.pop("DATABASE_URL", None)
    return env


def _as_user(dsn: str, user: str, password: str | None = None) -> str:
    parts = urlsplit(dsn)
    login = user + (f":{password}" if password else "")
    return urlunsplit(parts._replace(netloc=f"{login}@{parts.hostname}:{parts.port}"))


class Shell:
    """The SQL shell on ``dsn`` in a pty, with everything it printed kept in ``screen``."""

    def __init__(self, dsn: str) -> None:
        self.screen = io.StringIO()
        self.child = pexpect.spawn(sys.executable, ["-m", "pgcli_like", dsn], env=_env(), encoding="utf-8",
                                   dimensions=(40, 120), timeout=20)
        self.child.logfile_read = self.screen
        self.child.expect(PROMPT)

    def change_password(self, command: str, user: str, first: str, second: str) -> None:
        self.child.send(command + "\r")
        self.child.expect_exact(f'Enter new password for user "{user}": ')
        self.child.send(first + "\r")
        self.child.expect_exact("Enter it again: ")
        self.child.send(second + "\r")

    def quit(self) -> None:
        self.child.expect(PROMPT)
        self.child.send("\\q\r")
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0


def _secret() -> str:
    return f"Pw-{uuid.uuid4().hex}"


def assert_nowhere(secret: str, shell: Shell) -> None:
    """Not on the screen, not in history or any other file the shell wrote under HOME."""
    assert secret not in shell.screen.getvalue()
    home = Path(os.environ["HOME"])
    for path in home.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


# -- PostgreSQL ---------------------------------------------------------------------------------

@pytest.fixture
def pg_role(pg_dsn: str) -> Iterator[str]:
    """A new login role with a known password, dropped afterwards."""
    import psycopg

    role = f"shk_pw_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'first-password'")
    try:
        yield role
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"DROP ROLE IF EXISTS {role}")


def _verifier(pg_dsn: str, role: str) -> str | None:
    import psycopg

    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [role]).fetchone()
    return row[0] if row else None


@pytest.mark.postgres
def test_password_of_a_named_role_is_sent_encrypted(pg_dsn, pg_role):
    before = _verifier(pg_dsn, pg_role)
    secret = _secret()
    shell = Shell(pg_dsn)
    shell.change_password(f"\\password {pg_role}", pg_role, secret, secret)
    shell.quit()
    after = _verifier(pg_dsn, pg_role)
    assert after is not None and after.startswith("SCRAM-SHA-256$") and after != before
    assert secret not in after
    assert_nowhere(secret, shell)
    history = [path for path in Path(os.environ["HOME"]).rglob("*") if path.is_file()
               and f"\\password {pg_role}".encode() in path.read_bytes()]
    assert history, "the command line itself is in the history (so the search above looked there)"


@pytest.mark.postgres
def test_password_without_a_name_changes_the_current_users(pg_dsn, pg_role):
    before = _verifier(pg_dsn, pg_role)
    secret = _secret()
    shell = Shell(_as_user(pg_dsn, pg_role))
    shell.change_password("\\password", pg_role, secret, secret)
    shell.quit()
    after = _verifier(pg_dsn, pg_role)
    assert after is not None and after.startswith("SCRAM-SHA-256$") and after != before
    assert_nowhere(secret, shell)


@pytest.mark.postgres
def test_passwords_that_differ_change_nothing(pg_dsn, pg_role):
    before = _verifier(pg_dsn, pg_role)
    first, second = _secret(), _secret()
    shell = Shell(pg_dsn)
    shell.change_password(f"\\password {pg_role}", pg_role, first, second)
    shell.child.expect_exact("Passwords didn't match.")
    shell.quit()
    assert _verifier(pg_dsn, pg_role) == before
    assert_nowhere(first, shell)
    assert_nowhere(second, shell)


@pytest.mark.postgres
def test_password_without_a_terminal_is_one_line_error(pg_dsn):
    done = subprocess.run([sys.executable, "-m", "pgcli_like", pg_dsn, "-c", "\\password"], capture_output=True,
                          text=True, timeout=60, env=_env(), stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == "\\password: needs a terminal to read the new password"


# -- MariaDB / MySQL ----------------------------------------------------------------------------

@pytest.fixture
def mysql_user(mysql_dsn: str) -> Iterator[str]:
    """A new user 'name'@'%' with password 'first-password', allowed into the test database."""
    import pymysql

    p = urlsplit(mysql_dsn)
    name = f"shk_pw_{uuid.uuid4().hex[:10]}"
    admin = pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username, password=p.password or "",
                            autocommit=True)
    try:
        with admin.cursor() as cur:
            cur.execute("CREATE USER %s@'%%' IDENTIFIED BY 'first-password'", [name])
            cur.execute(f"GRANT ALL ON `{p.path.lstrip('/')}`.* TO %s@'%%'", [name])
        yield name
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP USER IF EXISTS %s@'%%'", [name])
        admin.close()


def _can_log_in(mysql_dsn: str, user: str, password: str) -> bool:
    import pymysql

    p = urlsplit(mysql_dsn)
    try:
        pymysql.connect(host=p.hostname, port=p.port or 3306, user=user, password=password,
                        connect_timeout=10).close()
    except pymysql.err.OperationalError:
        return False
    return True


@pytest.mark.mysql
def test_mysql_user_changes_own_password(mysql_dsn, mysql_user):
    secret = _secret()
    shell = Shell(_as_user(mysql_dsn, mysql_user, "first-password"))
    shell.change_password("\\password", f"{mysql_user}@%", secret, secret)
    shell.quit()
    assert _can_log_in(mysql_dsn, mysql_user, secret)
    assert not _can_log_in(mysql_dsn, mysql_user, "first-password")
    assert_nowhere(secret, shell)


@pytest.mark.mysql
def test_mysql_admin_changes_a_named_users_password(mysql_dsn, mysql_user):
    secret = _secret()
    shell = Shell(mysql_dsn)
    shell.change_password(f"\\password {mysql_user}@%", f"{mysql_user}@%", secret, secret)
    shell.quit()
    assert _can_log_in(mysql_dsn, mysql_user, secret)
    assert_nowhere(secret, shell)
