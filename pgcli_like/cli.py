"""``shellkit sql [DSN]`` (also ``python -m pgcli_like``): the SQL client's command line.

Interactive when no ``-c``/``-f`` is given and stdin and stdout are terminals; otherwise it runs
the SQL and exits: stdout holds only the results, everything else goes to stderr,
and the first error ends the run with status 1 (``--on-error continue`` goes on, and
the status is still 1 if anything failed).

Only what the chosen path needs is imported: a ``-c`` run on SQLite never loads
prompt_toolkit's session machinery, psycopg or pymysql.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from pgcli_like.drivers.base import ShellkitSqlError

# Carries a password from the command line across the re-exec in ``_hide_password``.
_PASSWORD_ENV = "SHELLKIT_SQL_PASSWORD"


def _hide_password(dsn: str | None) -> str | None:
    """Keep a password typed in the DSN out of the process list (``ps``, /proc/PID/cmdline).

    The process restarts itself once with the password removed from its arguments and
    handed over in the environment (readable only by the same user, like PGPASSWORD);
    the restarted process takes it out of the environment again. Returns the password
    handed over, if any.
    """
    handed = os.environ.pop(_PASSWORD_ENV, None)
    if handed is not None or not dsn:
        return handed
    from pgcli_like.dsn import without_password

    clean, password = without_password(dsn)
    argv = list(getattr(sys, "orig_argv", []))
    if password is None or dsn not in argv:
        return None
    argv[argv.index(dsn)] = clean
    os.environ[_PASSWORD_ENV] = password
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *argv[1:]])
    return None  # not reached


def _password_prompt(question: str) -> str | None:
    import getpass

    try:
        return getpass.getpass(question)
    except (EOFError, KeyboardInterrupt):
        return None


def _settings(sql_config: dict, *, interactive: bool, fmt: str | None):
    from pgcli_like.settings import OutputSettings

    settings = OutputSettings()
    settings.format = fmt or str(sql_config.get("table_format") or "table")
    settings.null = str(sql_config.get("null_string", settings.null))
    settings.max_field_width = int(sql_config.get("max_field_width", settings.max_field_width) or 0)
    settings.timing = bool(sql_config.get("timing", False))
    settings.pager = str(sql_config.get("pager") or "") or None
    settings.pager_enabled = bool(sql_config.get("enable_pager", True)) and interactive
    limit = int(sql_config.get("row_limit", 0) or 0)
    settings.row_limit = limit if interactive and limit > 0 else None
    settings.color = interactive and sys.stdout.isatty() and "NO_COLOR" not in os.environ \
        and os.environ.get("TERM") != "dumb"
    return settings


def _sql_config(interactive: bool):
    """The [sql] config section; non-interactive runs only read it (never write defaults)."""
    from shellkit.config import load_config

    config = load_config(write_defaults=interactive)
    return config, config.section("sql")


def _inputs(commands: tuple[str, ...], files: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """(text, path) for each -c and -f; stdin when neither was given."""
    inputs: list[tuple[str, str | None]] = [(c, None) for c in commands]
    for path in files:
        if path == "-":
            inputs.append((sys.stdin.read(), None))
            continue
        try:
            with open(os.path.expanduser(path), encoding="utf-8") as handle:
                inputs.append((handle.read(), path))
        except OSError as err:
            click.echo(f"shellkit sql: cannot read {path}: {err.strerror or err}", err=True)
            sys.exit(1)
    if not inputs:
        inputs.append((sys.stdin.read(), None))  # piped, or typed at a terminal until Ctrl-D
    return inputs


def _run_batch(session, inputs: list[tuple[str, str | None]], *, stop_on_error: bool,
               single_transaction: bool) -> int:
    from pgcli_like.special import conditionals
    from pgcli_like.special.base import ExitRequested

    ok = True
    try:
        if single_transaction:
            session.execute_quietly("BEGIN")
        for text, path in inputs:
            # Each -c, -f file and stdin has its own \if blocks, as in psql.
            with conditionals.script_scope() as scope, \
                    (_running_script(path) if path is not None else contextlib.nullcontext()):
                ok = session.run_text(text, stop_on_error=stop_on_error) and ok
            if scope.left_open:
                session.warn(f"{path or 'input'}: {conditionals.UNCLOSED}")
                ok = False
            if not ok and stop_on_error:
                break
    except ExitRequested:
        pass
    except KeyboardInterrupt:
        ok = False
    if single_transaction and session.driver.transaction_state != "idle":
        session.execute_quietly("COMMIT" if ok else "ROLLBACK")
        if not ok:
            session.warn("The transaction was rolled back.")
    else:
        session.finish_transaction(None)
    return 0 if ok else 1


def _running_script(path: str) -> contextlib.AbstractContextManager[None]:
    """``running_script`` of the query commands, loaded only for a ``-f`` file (``\\i`` paths
    in it are relative to it); a ``-c`` run does not import them."""
    from pgcli_like.special.query_commands import running_script

    return running_script(path)


@click.command(name="sql", context_settings={"help_option_names": ["--help"]})
@click.argument("dsn", required=False)
@click.option("-h", "--host", help="Server host (PostgreSQL/MySQL), as psql -h.")
@click.option("-p", "--port", help="Server port.")
@click.option("-U", "--user", "--username", "user", help="User name.")
@click.option("-d", "--dbname", help="Database name (or SQLite file).")
@click.option("-W", "--password", "ask_password", is_flag=True, help="Ask for the password before connecting.")
@click.option("--demo", is_flag=True, help="Open the SQLite demo database (customers, orders, products).")
@click.option("-c", "--command", "commands", multiple=True, help="Run this SQL (repeatable) and exit.")
@click.option("-f", "--file", "files", multiple=True, help="Run the SQL in FILE ('-': stdin) and exit.")
@click.option("--format", "fmt", help="Output format: table, csv, tsv, json, jsonl, vertical, markdown, …")
@click.option("--on-error", type=click.Choice(["stop", "continue"]), default="stop", show_default=True,
              help="What a non-interactive run does after a failed statement.")
@click.option("-1", "--single-transaction", is_flag=True, help="Run -c/-f/stdin in one transaction.")
@click.option("--read-only", is_flag=True, help="Make the session read-only on the server.")
@click.option("--single-connection", is_flag=True, help="Load completion metadata on the main connection.")
@click.option("--theme", help="Colour theme (see `shellkit themes`).")
@click.option("-v", "--set", "--variable", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Set a variable, used in SQL as :NAME (repeatable).")
def sql_command(dsn: str | None, host: str | None, port: str | None, user: str | None, dbname: str | None,
                ask_password: bool, demo: bool, commands: tuple[str, ...], files: tuple[str, ...],
                fmt: str | None, on_error: str, single_transaction: bool, read_only: bool,
                single_connection: bool, theme: str | None, assignments: tuple[str, ...]) -> None:
    """A SQL shell for PostgreSQL, MySQL/MariaDB and SQLite.

    DSN: postgresql://user@host/db, mysql://user@host/db, sqlite:///file.db, a path to an
    SQLite file, :memory:, or a PostgreSQL keyword string (host=… dbname=…). Without
    one, DATABASE_URL is used, else an in-memory SQLite database.
    """
    from pgcli_like.dsn import parse_dsn

    handed_password = _hide_password(dsn)
    # The prompt needs a terminal on both sides; `shellkit sql | less` reads SQL until Ctrl-D.
    interactive = not commands and not files and sys.stdin.isatty() and sys.stdout.isatty()
    variables = _variables(assignments)
    if fmt is not None:
        from pgcli_like.formatting import FORMAT_NAMES

        if fmt not in FORMAT_NAMES:
            raise click.BadParameter(f"choose one of: {', '.join(FORMAT_NAMES)}", param_hint="--format")
    if demo:
        from pgcli_like.demo import demo_path

        dsn = str(demo_path())
    try:
        target = parse_dsn(dsn, host=host, port=port, user=user, database=dbname)
        password = _password_prompt(f"Password for user {target.user or ''}: ".replace(" :", ":")) \
            if ask_password else handed_password
        if password:
            import dataclasses

            target = dataclasses.replace(target, password=password)
        from pgcli_like.drivers import open_driver

        driver = open_driver(target, password_prompt=_password_prompt if sys.stdin.isatty() else None)
    except ShellkitSqlError as err:
        click.echo(f"shellkit sql: {err}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl-C while connecting to a slow or unreachable server
        click.echo("shellkit sql: not connected (interrupted)", err=True)
        sys.exit(130)
    config, sql_config = _sql_config(interactive)
    settings = _settings(sql_config, interactive=interactive, fmt=fmt)
    if interactive:
        sys.exit(_interactive(driver, config, sql_config, settings, variables, read_only=read_only,
                              single_connection=single_connection, theme=theme))
    from pgcli_like.session import SqlSession

    session = SqlSession(driver, settings=settings, interactive=False, variables=variables)
    if read_only:
        _make_read_only(session)
    inputs = _inputs(commands, files)
    try:
        status = _run_batch(session, inputs, stop_on_error=on_error == "stop",
                            single_transaction=single_transaction)
    finally:
        session.printer.close()
        driver.close()
    sys.exit(status)


def _variables(assignments: tuple[str, ...]) -> dict[str, str]:
    if not assignments:
        return {}  # (the parser's modules are not needed for nothing to parse)
    from pgcli_like.special.base import CommandError
    from pgcli_like.special.variables import parse_assignment

    variables: dict[str, str] = {}
    for text in assignments:
        try:
            name, value = parse_assignment(text)
        except CommandError as err:
            raise click.BadParameter(str(err), param_hint="-v") from None
        variables[name] = value
    return variables


def _make_read_only(session) -> None:
    try:
        session.driver.set_read_only()
    except ShellkitSqlError as err:
        click.echo(f"shellkit sql: cannot make the session read-only: {err}", err=True)
        sys.exit(1)
    session.read_only = True


def _interactive(driver, config, sql_config: dict, settings, variables: dict[str, str], *, read_only: bool,
                 single_connection: bool, theme: str | None) -> int:
    from pgcli_like.session import SqlSession
    from pgcli_like.shell import SqlShell

    def make_client(drv):
        from pgcli_like.client import Client

        return Client(drv, single_connection=single_connection, disk_cache=True, config=sql_config)

    shell: SqlShell | None = None

    def on_connect(drv) -> None:
        if shell is not None:
            shell.on_connect(drv)

    session = SqlSession(driver, settings=settings, interactive=True, variables=variables,
                         destructive_warning=bool(sql_config.get("destructive_warning", True)),
                         password_prompt=_password_prompt, on_connect=on_connect)
    if read_only:
        _make_read_only(session)
    shell = SqlShell(session, config=config, theme=theme, make_client=make_client)
    return shell.run()


def main() -> None:
    """``python -m pgcli_like``."""
    sql_command(prog_name="python -m pgcli_like")
