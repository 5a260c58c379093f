"""Session commands: leaving, connecting, output settings, the operating system.

``\\q``, ``\\c``/``USE``, ``\\conninfo``, ``\\x``, ``\\timing``, ``\\T``, ``\\pset``, ``\\t``,
``\\o``, ``\\echo``, ``\\qecho``, ``\\!``, ``\\cd``, ``\\refresh``, ``\\errverbose``.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess

from pgcli_like.drivers.base import ConnectionTarget, ShellkitSqlError
from pgcli_like.special.base import CommandContext, CommandError, ExitRequested
from pgcli_like.special.command import ALL_ENGINES, SQLITE, Invocation, command
from pgcli_like.special.display_commands import pager_line, set_pager
from pgcli_like.special.lexing import output_target
from pgcli_like.special.variables import is_on

# psql's names for output formats, mapped to ours.
_PSQL_FORMATS = {"aligned": "table", "unaligned": "tsv", "wrapped": "table"}


@command(".quit", usage=".quit", description="quit", aliases=(".exit",), engines=SQLITE, max_args=0)
@command("\\q", usage="\\q", description="quit", aliases=("quit", "exit", ":q"), max_args=0)
def quit_shell(ctx: CommandContext, inv: Invocation) -> None:
    raise ExitRequested()


def _switch_target(current: ConnectionTarget, args: list[str]) -> ConnectionTarget:
    """psql's ``\\c [DBNAME [USER [HOST [PORT]]]]`` (``-`` keeps a part) or a whole DSN."""
    from pgcli_like.dsn import parse_dsn

    first = args[0]
    if "://" in first or "=" in first or first == ":memory:":
        return parse_dsn(first)
    if current.engine == "sqlite":
        return dataclasses.replace(current, database=os.path.abspath(os.path.expanduser(first)))
    names = ("database", "user", "host", "port")
    changes: dict[str, object] = {}
    for name, value in zip(names, args, strict=False):
        if value == "-":
            continue
        if name == "port":
            if not value.isdigit():
                raise CommandError(f"invalid port {value!r}")
            changes[name] = int(value)
        else:
            changes[name] = value
    return dataclasses.replace(current, **changes)


@command(".open", usage=".open FILE", description="open another SQLite database file", engines=SQLITE,
         arg_kinds=("file",), group="Connection", min_args=1, max_args=1)
@command("\\c", usage="\\c [DBNAME [USER [HOST [PORT]]]] | \\c DSN",
         description="connect to another database (same server) or another DSN",
         aliases=("\\connect", "use"), arg_kinds=("database",), group="Connection", min_args=1, max_args=4,
         help="\\c mydb switches database on the same server; \\c mydb alice keeps the host\n"
              "and switches user too (- keeps a part). \\c postgresql://… or mysql://… or a\n"
              "SQLite path connects anywhere. USE mydb does the same. History and completion\n"
              "follow the new connection.")
def connect(ctx: CommandContext, inv: Invocation) -> None:
    target = _switch_target(ctx.driver.target, inv.args)
    try:
        ctx.connect(target)
    except ShellkitSqlError as err:
        raise CommandError(f"could not connect: {err}") from None
    ctx.settings.engine = ctx.driver.engine  # sql-insert output quotes names for the new engine
    ctx.echo(_describe_connection(ctx, "now connected"))


def connection_line(target: ConnectionTarget, database: str | None, *, verb: str,
                    user: str | None = None) -> str:
    """psql's "You are connected to database … as user … on host … at port …" sentence."""
    if target.engine == "sqlite":
        return f'You are {verb} to SQLite database "{target.database or database}".'
    parts = [f'You are {verb} to database "{database or target.database or ""}"']
    if user or target.user:
        parts.append(f'as user "{user or target.user}"')
    host = target.host or "localhost"
    parts.append(f'via socket in "{host}"' if host.startswith("/") else f'on host "{host}"')
    if target.port:
        parts.append(f'at port "{target.port}"')
    return " ".join(parts) + "."


def _server_identity(ctx: CommandContext) -> tuple[str | None, int | None]:
    """(user, port) as the server reports them (libpq or my.cnf may have filled them in for us)."""
    if ctx.driver.engine == "sqlite":
        return None, None
    sql = ("SELECT current_user, pg_catalog.inet_server_port()" if ctx.driver.engine == "postgresql"
           else "SELECT CURRENT_USER(), @@port")
    result = ctx.driver.execute(sql)
    rows = [row for batch in result.batches() for row in batch]
    result.close()
    if not rows:
        return None, None
    user, port = rows[0]
    return str(user).split("@", 1)[0], int(port) if port is not None else None


def _describe_connection(ctx: CommandContext, verb: str) -> str:
    target = ctx.driver.target
    user, port = _server_identity(ctx)
    if target.port is None and port is not None and not (target.host or "").startswith("/"):
        target = dataclasses.replace(target, port=port)
    return connection_line(target, ctx.driver.current_database, verb=verb, user=target.user or user)


@command("\\conninfo", usage="\\conninfo", description="show where you are connected",
         group="Connection", max_args=0,)
def conninfo(ctx: CommandContext, inv: Invocation) -> None:
    ctx.echo(_describe_connection(ctx, "connected"))


@command("\\errverbose", usage="\\errverbose", description="show the most recent error in its most verbose form",
         max_args=0,
         help="As psql: SQLSTATE, DETAIL, HINT, QUERY, CONTEXT and, on PostgreSQL, the objects named\n"
              "(SCHEMA/TABLE/COLUMN/DATATYPE/CONSTRAINT NAME) and the server's LOCATION.")
def error_verbose(ctx: CommandContext, inv: Invocation) -> None:
    from pgcli_like.error_display import error_lines

    last = ctx.last_error
    if last is None:
        ctx.screen("There is no previous error.\n")  # psql prints this one on stdout
        return
    for line in error_lines(last.error, last.sql, verbose=True):
        ctx.warn(line)


def _toggle(value: str | None, current: bool, what: str, inv: Invocation) -> bool:
    if value is None:
        return not current
    if value.lower() in ("on", "off", "true", "false", "1", "0", "yes", "no"):
        return is_on(value)
    raise inv.usage_error(f"unrecognized value {value!r} for {what}")


@command("\\x", usage="\\x [on|off|auto]", description="toggle expanded (vertical) output",
         group="Formatting", arg_kinds=("setting",), max_args=1,
         help="auto: expanded only when a row would not fit the screen width.")
def expanded(ctx: CommandContext, inv: Invocation) -> None:
    value = inv.args[0].lower() if inv.args else None
    if value == "auto":
        ctx.settings.expanded = "auto"
    else:
        # As psql: a bare \\x turns auto off, like on.
        on = _toggle(value, ctx.settings.expanded != "off", "\\x", inv)
        ctx.settings.expanded = "on" if on else "off"
    shown = {"on": "on", "off": "off", "auto": "used automatically"}[ctx.settings.expanded]
    ctx.echo(f"Expanded display is {shown}.")


@command("\\timing", usage="\\timing [on|off]", description="show how long each statement takes",
         group="Formatting", arg_kinds=("setting",), max_args=1)
def timing(ctx: CommandContext, inv: Invocation) -> None:
    ctx.settings.timing = _toggle(inv.args[0] if inv.args else None, ctx.settings.timing, "\\timing", inv)
    ctx.echo(f"Timing is {'on' if ctx.settings.timing else 'off'}.")


def _format_names() -> tuple[str, ...]:
    from pgcli_like.formatting import FORMAT_NAMES

    return tuple(FORMAT_NAMES)


def _set_format(ctx: CommandContext, name: str, inv: Invocation) -> None:
    names = _format_names()
    wanted = _PSQL_FORMATS.get(name.lower(), name.lower())
    if wanted not in names:
        raise inv.usage_error(f"unknown format {name!r} (one of: {', '.join(names)})")
    ctx.settings.format = wanted
    ctx.settings.engine = ctx.driver.engine  # sql-insert writes names as this engine reads them


@command(".mode", usage=".mode [FORMAT]", description="set the output format", engines=SQLITE,
         arg_kinds=("format",), group="Formatting", max_args=1)
@command("\\T", usage="\\T [FORMAT]", description="set the output format (\\T alone lists them)",
         arg_kinds=("format",), group="Formatting", max_args=1)
def table_format(ctx: CommandContext, inv: Invocation) -> None:
    if not inv.args:
        ctx.echo(f"Output format is {ctx.settings.format}; available: {', '.join(_format_names())}.")
        return
    _set_format(ctx, inv.args[0], inv)
    ctx.echo(f"Output format is {ctx.settings.format}.")


def _pset_line(ctx: CommandContext, option: str) -> str:
    s = ctx.settings
    return {
        "format": f"Output format is {s.format}.",
        "null": f'Null display is "{s.null}".',
        "border": f"Border style is {s.border}.",
        "pager": pager_line(s),
        "title": f'Title is "{s.title}".' if s.title else "Title is unset.",
        "footer": f"Default footer is {'on' if s.footer else 'off'}.",
        "tuples_only": f"Tuples only is {'on' if s.tuples_only else 'off'}.",
        "expanded": f"Expanded display is {s.expanded}.",
    }[option]


_PSET_OPTIONS = ("format", "null", "border", "pager", "title", "footer", "tuples_only", "expanded")


@command("\\pset", usage="\\pset [OPTION [VALUE]]", description="set a table output option",
         group="Formatting", arg_kinds=("setting", "text"), max_args=2,
         help="Options: format (table, csv, json, … and psql's aligned/unaligned), null TEXT,\n"
              "border 0|1|2, pager on|off|always|COMMAND, title [TEXT], footer on|off,\n"
              "tuples_only on|off, expanded on|off|auto. \\pset alone shows them all.")
def pset(ctx: CommandContext, inv: Invocation) -> None:
    args = inv.args
    if not args:
        for option in _PSET_OPTIONS:
            ctx.echo(f"{option.ljust(12)}{_pset_line(ctx, option)}")
        return
    option = args[0].lower()
    value = args[1] if len(args) > 1 else None
    s = ctx.settings
    if option not in _PSET_OPTIONS:
        raise inv.usage_error(f"unknown option {args[0]!r} (one of: {', '.join(_PSET_OPTIONS)})")
    if option == "format":
        if value is not None:
            _set_format(ctx, value, inv)
    elif option == "null":
        s.null = value or ""
    elif option == "border":
        if value is not None and value not in ("0", "1", "2"):
            raise inv.usage_error("border must be 0, 1 or 2")
        s.border = int(value) if value is not None else s.border
    elif option == "pager":
        set_pager(s, value)
    elif option == "title":
        s.title = value or None
    elif option == "footer":
        s.footer = _toggle(value, s.footer, "footer", inv)
    elif option == "tuples_only":
        s.tuples_only = _toggle(value, s.tuples_only, "tuples_only", inv)
    else:
        if value is not None and value.lower() == "auto":
            s.expanded = "auto"
        else:
            s.expanded = "on" if _toggle(value, s.expanded == "on", "expanded", inv) else "off"
    ctx.echo(_pset_line(ctx, option))


@command("\\t", usage="\\t [on|off]", description="show only rows (no header or footer)",
         group="Formatting", arg_kinds=("setting",), max_args=1)
def tuples_only(ctx: CommandContext, inv: Invocation) -> None:
    s = ctx.settings
    s.tuples_only = _toggle(inv.args[0] if inv.args else None, s.tuples_only, "\\t", inv)
    ctx.echo(_pset_line(ctx, "tuples_only"))


@command(".output", usage=".output [FILE]", description="send results to a file (or back to the screen)",
         engines=SQLITE, arg_kinds=("file",), group="Input/Output", raw=True)
@command("\\o", usage="\\o [FILE | |COMMAND]",
         description="send results to a file or command (\\o alone: back to the screen)",
         arg_kinds=("file",), group="Input/Output", raw=True,
         help="\\o FILE writes every later result to FILE (created or truncated);\n"
              "\\o |COMMAND pipes them all into one run of a shell command (\\o |wc -l),\n"
              "which sees the end of its input at the next \\o. \\o alone: back to the screen.\n"
              "For one result only, use \\g FILE or \\g |COMMAND.")
def output_file(ctx: CommandContext, inv: Invocation) -> None:
    path = output_target(inv.arg_text)
    if path == "|":
        raise inv.usage_error("missing command after |")
    try:
        ctx.set_output_file(path)
    except OSError as err:
        raise CommandError(f"\\o: cannot write {path}: {err.strerror or err}") from None


@command("\\echo", usage="\\echo [-n] TEXT …", description="print text on the screen", group="Input/Output",
         arg_kinds=("text",),
         help="-n: no newline after the text (as psql). The text goes to the screen even while\n"
              "\\o sends results elsewhere; \\qecho writes to the \\o output instead.")
def echo(ctx: CommandContext, inv: Invocation) -> None:
    ctx.screen(_echo_text(inv))


@command("\\qecho", usage="\\qecho [-n] TEXT …", description="print text to the query output (\\o)",
         group="Input/Output", arg_kinds=("text",),
         help="As \\echo, but the text goes where results go: the \\o file or command when set.")
def query_echo(ctx: CommandContext, inv: Invocation) -> None:
    ctx.write(_echo_text(inv))


@command("\\warn", usage="\\warn [-n] TEXT …", description="print text on stderr", group="Input/Output",
         arg_kinds=("text",), help="As \\echo, but to standard error (kept out of piped results).")
def warn_echo(ctx: CommandContext, inv: Invocation) -> None:
    ctx.warn(_echo_text(inv).removesuffix("\n"))


def _echo_text(inv: Invocation) -> str:
    """The text of \\echo and its relatives, with its newline unless ``-n`` came first."""
    args = inv.args
    if args[:1] == ["-n"]:
        return " ".join(args[1:])
    return " ".join(args) + "\n"


@command(".shell", usage=".shell [COMMAND]", description="run a shell command", aliases=(".system",),
         engines=SQLITE, arg_kinds=("command",), group="Operating system", raw=True)
@command("\\!", usage="\\! [COMMAND]", description="run a shell command (or start a shell)",
         arg_kinds=("command",), group="Operating system", raw=True,
         help="The command's output goes straight to the terminal. With no command, starts $SHELL.")
def shell_escape(ctx: CommandContext, inv: Invocation) -> None:
    cmd = inv.arg_text.strip() or os.environ.get("SHELL", "/bin/sh")
    try:
        status = subprocess.call(cmd, shell=True)
    except OSError as err:
        raise CommandError(f"\\!: {err}") from None
    if status:
        ctx.warn(f"\\!: command exited with status {status}")


@command("\\cd", usage="\\cd [DIRECTORY]", description="change the working directory",
         arg_kinds=("file",), group="Operating system", max_args=1)
def change_directory(ctx: CommandContext, inv: Invocation) -> None:
    path = os.path.expanduser(inv.args[0] if inv.args else "~")
    try:
        os.chdir(path)
    except OSError as err:
        raise CommandError(f"\\cd: {path}: {err.strerror or err}") from None


@command("\\refresh", usage="\\refresh", description="reload completion data (tables, columns, …)",
         aliases=("\\#",), max_args=0, engines=ALL_ENGINES)
def refresh(ctx: CommandContext, inv: Invocation) -> None:
    ctx.refresh_catalog()
    ctx.echo("Refreshing completions in the background.")


@command("\\setenv", usage="\\setenv NAME [VALUE]", description="set (or unset) an environment variable",
         group="Operating system", min_args=1, max_args=2)
def set_environment(ctx: CommandContext, inv: Invocation) -> None:
    name = inv.args[0]
    if not name or "=" in name:
        raise inv.usage_error(f"invalid environment variable name {name!r}")
    if len(inv.args) == 2:
        os.environ[name] = inv.args[1]
    else:
        os.environ.pop(name, None)


@command("\\getenv", usage="\\getenv VARNAME ENVVAR", description="put an environment variable into a variable",
         group="Variables", arg_kinds=("variable", "text"), min_args=2, max_args=2)
def get_environment(ctx: CommandContext, inv: Invocation) -> None:
    value = os.environ.get(inv.args[1])
    if value is None:
        ctx.variables.pop(inv.args[0], None)
    else:
        ctx.variables[inv.args[0]] = value


@command("\\s", usage="\\s [FILE]", description="show this connection's command history (or save it to FILE)",
         aliases=("\\history",), group="General", arg_kinds=("file",), max_args=1)
def show_history(ctx: CommandContext, inv: Invocation) -> None:
    from shellkit.history import SharedFileHistory, history_path

    # The SQL shell keeps one history file per connection target, under the app name "sql".
    path = history_path("sql", ctx.driver.target.history_key)
    entries = list(SharedFileHistory(path).load_history_strings()) if path.exists() else []
    entries.reverse()  # stored newest first; shown in the order typed, as psql does
    if not inv.args:
        for entry in entries:
            ctx.echo(entry)
        return
    target = os.path.expanduser(inv.args[0])
    try:
        with open(target, "w", encoding="utf-8") as f:
            f.writelines(entry + "\n" for entry in entries)
    except OSError as err:
        raise CommandError(f"\\s: cannot write {target}: {err.strerror or err}") from None
    ctx.echo(f"Wrote history to file \"{target}\".")
