"""``\\password [USER]``: change a password, asked twice without echo, as psql does.

On PostgreSQL the password never leaves the client in clear: libpq encrypts it (SCRAM or MD5,
whichever the server's ``password_encryption`` says) and only the verifier is sent in
``ALTER USER``. MySQL/MariaDB have no such verifier format for clients, so the password goes as
a bound parameter of ``ALTER USER … IDENTIFIED BY`` (``SET PASSWORD`` for one's own on MariaDB). Neither statement is kept as the last query,
shown, or put in the history (only the ``\\password`` line typed is).
"""

from __future__ import annotations

from pgcli_like.drivers.base import DatabaseError
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.catalog_query import fetch
from pgcli_like.special.command import MYSQL, POSTGRES, Invocation, command


def _new_password(ctx: CommandContext, user: str) -> str:
    """Ask twice; the password when both answers agree, else a CommandError."""
    if not ctx.interactive:
        raise CommandError("\\password: needs a terminal to read the new password")
    first = ctx.ask_password(f'Enter new password for user "{user}": ')
    second = ctx.ask_password("Enter it again: ") if first is not None else None
    if first is None or second is None:
        raise CommandError("\\password: no password given; nothing changed")
    if first != second:
        raise CommandError("Passwords didn't match.")
    return first


def _run_hidden(ctx: CommandContext, sql: str, params: list[object] | None) -> None:
    """Run the statement that sets the password straight on the driver: not echoed, not kept
    as the last query or for \\errverbose (it holds the verifier, or on MySQL the password)."""
    try:
        ctx.driver.execute(sql, params).close()
    except DatabaseError as err:
        raise CommandError(err.message) from None


def sql_identifier(word: str) -> str:
    """A user name as psql reads it: unquoted letters folded to lower case, ``"Quoted"`` kept
    as written (``""`` inside quotes is one ``"``)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        if word[i] != '"':
            out.append(word[i].lower())
            i += 1
            continue
        i += 1
        while i < len(word):
            if word[i] == '"':
                if word[i + 1:i + 2] != '"':
                    break
                i += 1
            out.append(word[i])
            i += 1
        i += 1
    return "".join(out)


def mysql_account(arg: str) -> tuple[str, str]:
    """``bob`` → (bob, %); ``bob@localhost`` → (bob, localhost): MySQL names accounts user@host."""
    user, at, host = arg.rpartition("@")
    return (user, host) if at and user else (arg, "%")


@command("\\password", usage="\\password [USERNAME]", description="securely change the password for a user",
         engines=POSTGRES | MYSQL, group="Connection", max_args=1,
         help="Asks for the new password twice, without echo. Default: the current user.\n"
              "PostgreSQL: the password is encrypted by the client (SCRAM-SHA-256 or MD5, as\n"
              "the server's password_encryption says) before it is sent. MySQL/MariaDB:\n"
              "USERNAME may be user@host (default host %).")
def change_password(ctx: CommandContext, inv: Invocation) -> None:
    if ctx.driver.engine == "postgresql":
        _change_postgres_password(ctx, sql_identifier(inv.args[0]) if inv.args else None)
    else:
        _change_mysql_password(ctx, inv.args[0] if inv.args else None)


def _change_postgres_password(ctx: CommandContext, user: str | None) -> None:
    if user is None:
        _, rows = fetch(ctx, "SELECT CURRENT_USER")
        user = str(rows[0][0])
    password = _new_password(ctx, user)
    make = getattr(ctx.driver, "password_statement", None)
    if make is None:
        raise CommandError("\\password: this connection cannot encrypt passwords")
    try:
        statement = make(user, password)
    except DatabaseError as err:
        raise CommandError(f"\\password: {err.message}") from None
    _run_hidden(ctx, statement, None)


def _change_mysql_password(ctx: CommandContext, user: str | None) -> None:
    if user is None:
        _, rows = fetch(ctx, "SELECT CURRENT_USER()")
        password = _new_password(ctx, str(rows[0][0]))
        # MariaDB wants the CREATE USER privilege for ALTER USER even on one's own account;
        # SET PASSWORD is what it lets every user run. MySQL 8 has no PASSWORD() any more.
        if "mariadb" in ctx.driver.server_version.lower():
            _run_hidden(ctx, "SET PASSWORD = PASSWORD(%s)", [password])
        else:
            _run_hidden(ctx, "ALTER USER CURRENT_USER() IDENTIFIED BY %s", [password])
        return
    name, host = mysql_account(user)
    password = _new_password(ctx, f"{name}@{host}")
    _run_hidden(ctx, "ALTER USER %s@%s IDENTIFIED BY %s", [name, host, password])
