"""``\\password``'s name rules, and its statements on the real servers (answers scripted, as a
user at a terminal would type them; the pty version is tests/e2e/test_password.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.password_command import mysql_account, sql_identifier
from pgcli_like.special.registry import commands_for, run_special
from tests.pgcli_like.special.special_context import RecordingContext


@dataclass
class TerminalContext(RecordingContext):
    """A RecordingContext that, like the interactive shell, may ask for passwords."""

    @property
    def interactive(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "name"), [
    ("Bob", "bob"), ('"Mixed Case"', "Mixed Case"), ('"a""b"', 'a"b'), ('Foo"Bar"', "fooBar"),
])
def test_user_names_are_read_as_psql_reads_identifiers(typed, name):
    assert sql_identifier(typed) == name


@pytest.mark.parametrize(("typed", "account"), [
    ("bob", ("bob", "%")), ("bob@localhost", ("bob", "localhost")), ("a@b@c", ("a@b", "c")), ("@x", ("@x", "%")),
])
def test_mysql_accounts_are_user_at_host(typed, account):
    assert mysql_account(typed) == account


def test_sqlite_has_no_password_command():
    assert "\\password" not in {c.name for c in commands_for("sqlite")}
    assert "\\password" in {c.name for c in commands_for("postgresql")}
    assert "\\password" in {c.name for c in commands_for("mysql")}


@pytest.mark.postgres
def test_a_quoted_mixed_case_role_gets_a_scram_verifier(pg_dsn):
    import psycopg

    from pgcli_like.drivers import open_driver
    from pgcli_like.dsn import parse_dsn

    role = f"Shk Pw {uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN").format(psycopg.sql.Identifier(role)))
    ctx = TerminalContext(open_driver(parse_dsn(pg_dsn)), passwords=["s3cret-pw", "s3cret-pw"])
    try:
        run_special(ctx, f'\\password "{role}"')
        assert ctx.asked == [f'Enter new password for user "{role}": ', "Enter it again: "]
        assert ctx.last_query is None and ctx.last_error is None  # the statement is kept nowhere
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            verifier = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [role]).fetchone()[0]
        assert verifier.startswith("SCRAM-SHA-256$") and "s3cret-pw" not in verifier
    finally:
        ctx.driver.close()
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP ROLE IF EXISTS {}").format(psycopg.sql.Identifier(role)))


@pytest.mark.postgres
def test_an_abandoned_prompt_changes_nothing(pg_dsn, make_ctx):
    ctx = TerminalContext(make_ctx(pg_dsn).driver, passwords=[])  # Ctrl-D at the first question
    with pytest.raises(CommandError, match="no password given; nothing changed"):
        run_special(ctx, "\\password nobody_in_particular")
    assert ctx.asked == ['Enter new password for user "nobody_in_particular": ']


@pytest.mark.postgres
def test_not_interactive_is_refused_before_asking(pg_dsn, make_ctx):
    ctx = make_ctx(pg_dsn)
    with pytest.raises(CommandError, match="needs a terminal"):
        run_special(ctx, "\\password")
    assert ctx.asked == []
