"""Commands that run (or edit and run) a query: ``\\g``, ``\\gx``, ``\\G``, ``\\watch``, ``\\e``,
``\\ef``, ``\\ev``, ``\\i``/``\\ir`` (``.read`` on SQLite).

The query is the SQL typed before the command on the same line (``Invocation.buffer``),
or else the last query the session ran.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator

from pgcli_like.drivers.base import DatabaseError
from pgcli_like.special import conditionals
from pgcli_like.special.base import AlreadyReported, CommandContext, CommandError, run_checked, server_error
from pgcli_like.special.command import POSTGRES, SQLITE, Invocation, command
from pgcli_like.special.lexing import output_target

# Directories of the scripts being run (\i inside \i), so \ir resolves relative paths.
_script_dirs: list[str] = []


@contextlib.contextmanager
def running_script(path: str) -> Iterator[None]:
    """Mark ``path`` as the script being run, for ``\\ir`` inside it (also use this for ``-f``)."""
    _script_dirs.append(os.path.dirname(os.path.abspath(path)))
    try:
        yield
    finally:
        _script_dirs.pop()


def _query(ctx: CommandContext, inv: Invocation) -> str:
    query = (inv.buffer or "").strip() or (ctx.last_query or "").strip()
    if not query:
        raise CommandError(f"{inv.command.name}: no query to run (type one first)")
    return query


@command("\\g", usage="\\g [FILE | |COMMAND]", description="run the query (into a file or a pipe)",
         group="Query buffer", arg_kinds=("file",), raw=True,
         help="SELECT … \\g runs the query typed before it; \\g alone re-runs the last query.\n"
              "\\g out.txt writes the result to a file; \\g |grep x pipes it to a command.")
def go(ctx: CommandContext, inv: Invocation) -> None:
    run_checked(ctx, _query(ctx, inv), dest=output_target(inv.arg_text))


@command("\\gx", usage="\\gx [FILE | |COMMAND]", description="as \\g, with expanded (vertical) output",
         aliases=("\\G",), group="Query buffer", arg_kinds=("file",), raw=True)
def go_expanded(ctx: CommandContext, inv: Invocation) -> None:
    run_checked(ctx, _query(ctx, inv), expanded=True, dest=output_target(inv.arg_text))


def _rows_of(ctx: CommandContext, inv: Invocation) -> tuple[list[str], list[tuple]]:
    """Run the query without showing it; its column names and rows (server errors → CommandError)."""
    from pgcli_like.special.variables import interpolate

    sql = interpolate(_query(ctx, inv), ctx.variables, engine=ctx.driver.engine)
    try:
        result = ctx.driver.execute(sql)
        rows = [row for batch in result.batches() for row in batch]
        result.close()
    except DatabaseError as err:
        raise server_error(ctx, err, sql) from None
    return [c.name for c in result.columns], rows


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    return value.hex() if isinstance(value, bytes) else str(value)


@command("\\gset", usage="\\gset [PREFIX]", description="run the query, store its one row in variables",
         group="Query buffer", arg_kinds=("variable",), max_args=1,
         help="SELECT 1 AS a, 'x' AS b \\gset sets :a and :b (PREFIX is put before each name).\n"
              "A NULL unsets the variable. The query must return exactly one row.")
def go_set(ctx: CommandContext, inv: Invocation) -> None:
    names, rows = _rows_of(ctx, inv)
    if len(rows) != 1:
        raise CommandError(f"\\gset: the query returned {len(rows)} rows, not one")
    prefix = inv.args[0] if inv.args else ""
    for name, value in zip(names, rows[0], strict=True):
        if value is None:
            ctx.variables.pop(prefix + name, None)
        else:
            ctx.variables[prefix + name] = _text(value)


@command("\\gexec", usage="\\gexec", description="run the query, then run each value of its result as SQL",
         group="Query buffer", max_args=0)
def go_exec(ctx: CommandContext, inv: Invocation) -> None:
    from pgcli_like.special.variables import on_error_stop

    _, rows = _rows_of(ctx, inv)
    for row in rows:
        for value in row:
            if value is not None and not ctx.run_sql(str(value)) and on_error_stop(ctx.variables):
                return


@command("\\p", usage="\\p", description="show the last query", aliases=("\\print",), group="Query buffer",
         max_args=0)
def print_query(ctx: CommandContext, inv: Invocation) -> None:
    text = inv.buffer or ctx.last_query
    ctx.echo(text if text else "Query buffer is empty.")


@command("\\w", usage="\\w FILE | \\w |COMMAND", description="write the last query to a file or a command",
         aliases=("\\write",), group="Query buffer", arg_kinds=("file",), raw=True)
def write_query(ctx: CommandContext, inv: Invocation) -> None:
    import subprocess

    target = output_target(inv.arg_text)
    if not target:
        raise inv.usage_error("missing argument")
    text = (inv.buffer or ctx.last_query or "") + "\n"
    try:
        if target.startswith("|"):
            subprocess.run(target[1:], shell=True, input=text.encode("utf-8"), check=False)
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
    except OSError as err:
        raise CommandError(f"\\w: cannot write {target}: {err.strerror or err}") from None


def _watch_options(args: list[str], inv: Invocation) -> tuple[float, int | None]:
    interval, count = 2.0, None
    for arg in args:
        key, _, value = arg.rpartition("=")
        try:
            if key in ("", "i", "interval"):
                interval = float(value)
            elif key in ("c", "count"):
                count = int(value)
            else:
                raise ValueError(arg)
        except ValueError:
            raise inv.usage_error(f"bad option {arg!r}") from None
    if interval <= 0 or (count is not None and count <= 0):
        raise inv.usage_error("the interval and count must be positive")
    return interval, count


@command("\\watch", usage="\\watch [[i=]SECONDS] [c=COUNT]", description="re-run the query every few seconds",
         group="Query buffer", max_args=2,
         help="Clears the screen and re-runs the query every SECONDS (default 2) until Ctrl-C,\n"
              "or COUNT times. A query that fails stops the watch.")
def watch(ctx: CommandContext, inv: Invocation) -> None:
    query = _query(ctx, inv)
    interval, count = _watch_options(inv.args, inv)
    clear = ctx.interactive and sys.stdout.isatty()
    runs = 0
    try:
        while True:
            if clear:
                sys.stdout.write("\x1b[H\x1b[2J")
                sys.stdout.flush()
            ctx.echo(f"{time.strftime('%a %d %b %Y %I:%M:%S %p %Z')} (every {interval:g}s)")
            ctx.echo("")
            run_checked(ctx, query)  # a failure stops the watch; the session printed the error
            runs += 1
            if count is not None and runs >= count:
                return
            # Waiting is the feature here (not synchronisation); Ctrl-C ends it.
            time.sleep(interval)
    except KeyboardInterrupt:
        return


def _editor_available() -> None:
    if not any(os.environ.get(v) for v in ("PSQL_EDITOR", "VISUAL", "EDITOR")):
        raise CommandError("no editor: set $EDITOR (or $VISUAL) to the editor to use")


def _edit_and_run(ctx: CommandContext, text: str, filename: str | None = None) -> None:
    _editor_available()
    edited = ctx.edit_text(text, filename)
    if edited is None or not edited.strip():
        return
    run_checked(ctx, edited)


@command("\\e", usage="\\e [FILE]", description="edit the query (or a file) in $EDITOR, then run it",
         aliases=("\\edit",), group="Query buffer", arg_kinds=("file",), max_args=2,
         help="\\e alone edits the last query; SELECT … \\e edits what you typed; \\e FILE edits a\n"
              "file. Saving runs the text; quitting without a change runs nothing.")
def edit(ctx: CommandContext, inv: Invocation) -> None:
    if inv.args:
        path = os.path.expanduser(inv.args[0])
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            text = ""
        except OSError as err:
            raise CommandError(f"\\e: {path}: {err.strerror or err}") from None
        _edit_and_run(ctx, text, path)
        return
    _edit_and_run(ctx, inv.buffer or ctx.last_query or "")


def _single_value(ctx: CommandContext, sql: str, params: list[object]) -> object:
    result = ctx.driver.execute(sql, params)
    rows = [row for batch in result.batches() for row in batch]
    result.close()
    return rows[0][0] if rows else None


def function_definition(ctx: CommandContext, name: str) -> str:
    """``CREATE OR REPLACE FUNCTION …`` of a PostgreSQL function (``f`` or ``f(int, text)``)."""
    cast = "regprocedure" if "(" in name else "regproc"
    try:
        return str(_single_value(
            ctx, f"SELECT pg_catalog.pg_get_functiondef(%s::pg_catalog.{cast}::pg_catalog.oid)", [name]))
    except DatabaseError as err:
        raise CommandError(err.message) from None


def view_definition(ctx: CommandContext, name: str) -> str:
    """``CREATE OR REPLACE VIEW … AS …`` of a PostgreSQL view."""
    try:
        oid = _single_value(ctx, "SELECT %s::pg_catalog.regclass::pg_catalog.oid", [name])
        row = ctx.driver.execute(
            "SELECT c.relkind, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
            " pg_catalog.pg_get_viewdef(c.oid, true) FROM pg_catalog.pg_class c"
            " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = %s", [oid])
        rows = [r for batch in row.batches() for r in batch]
    except DatabaseError as err:
        raise CommandError(err.message) from None
    if not rows or rows[0][0] != "v":
        raise CommandError(f'"{name}" is not a view')
    _, qualified, body = rows[0]
    # psql drops the definition's trailing semicolon (\sv shows it that way).
    return f"CREATE OR REPLACE VIEW {qualified} AS\n{str(body).rstrip().rstrip(';')}\n"


_NEW_FUNCTION = ("CREATE FUNCTION ( )\n RETURNS \n LANGUAGE \n"
                 " -- common options:  IMMUTABLE  STABLE  STRICT  SECURITY DEFINER\n"
                 "AS $function$\n\n$function$\n")
_NEW_VIEW = "CREATE VIEW  AS\n SELECT \n  -- something...\n"


@command("\\ef", usage="\\ef [FUNCNAME[(ARGTYPES)]]", description="edit a function's definition, then run it",
         engines=POSTGRES, group="Query buffer", arg_kinds=("function",))
def edit_function(ctx: CommandContext, inv: Invocation) -> None:
    _editor_available()
    text = function_definition(ctx, inv.arg_text) if inv.args else _NEW_FUNCTION
    _edit_and_run(ctx, text)


@command("\\ev", usage="\\ev [VIEWNAME]", description="edit a view's definition, then run it",
         engines=POSTGRES, group="Query buffer", arg_kinds=("view",), max_args=1)
def edit_view(ctx: CommandContext, inv: Invocation) -> None:
    _editor_available()
    text = view_definition(ctx, inv.args[0]) if inv.args else _NEW_VIEW
    _edit_and_run(ctx, text)


def _run_file(ctx: CommandContext, path: str, label: str) -> None:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as err:
        raise CommandError(f"{label}: {path}: {err.strerror or err}") from None
    with running_script(path), conditionals.script_scope() as scope:
        ok = ctx.run_sql(text)
    if scope.left_open:
        raise CommandError(f"{label}: {path}: {conditionals.UNCLOSED}")
    if not ok:
        raise AlreadyReported(f"{label}: {path}: a statement failed")


@command(".read", usage=".read FILE", description="run the commands in a file", engines=SQLITE,
         group="Input/Output", arg_kinds=("file",), min_args=1, max_args=1)
@command("\\i", usage="\\i FILE", description="run the commands in a file", aliases=("\\include",),
         group="Input/Output", arg_kinds=("file",), min_args=1, max_args=1,
         help="Statements and special commands in FILE run as if typed. With ON_ERROR_STOP on\n"
              "(\\set ON_ERROR_STOP on) the file stops at its first error.")
def include(ctx: CommandContext, inv: Invocation) -> None:
    _run_file(ctx, os.path.expanduser(inv.args[0]), inv.command.name)


@command("\\ir", usage="\\ir FILE", description="as \\i, relative to the running script's directory",
         aliases=("\\include_relative",), group="Input/Output", arg_kinds=("file",), min_args=1, max_args=1)
def include_relative(ctx: CommandContext, inv: Invocation) -> None:
    path = os.path.expanduser(inv.args[0])
    if not os.path.isabs(path) and _script_dirs:
        path = os.path.join(_script_dirs[-1], path)
    _run_file(ctx, path, "\\ir")

