"""Running catalog queries for the describe commands (all engines) and showing their results.

Shared by the describe modules: run one query on the session's driver (a server error
becomes a one-line CommandError), and show rows as a titled table through the session's
normal output path.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from pgcli_like.drivers.base import ColumnInfo, DatabaseError, StaticResult
from pgcli_like.special.base import CommandContext, server_error


def _echo_hidden(ctx: CommandContext, sql: str, params: Sequence[object]) -> None:
    """psql's ECHO_HIDDEN: show the catalog query before running it (parameters inlined for reading)."""
    from pgcli_like.special.variables import is_on, quote_literal

    if not is_on(ctx.variables.get("ECHO_HIDDEN")):
        return
    shown = sql
    for value in params:
        shown = shown.replace("%s" if ctx.driver.engine != "sqlite" else "?",
                              quote_literal(str(value), ctx.driver.engine), 1)
    for line in ("********* QUERY **********", *shown.split("\n"), "**************************", ""):
        ctx.echo(line)


def fetch(ctx: CommandContext, sql: str, params: Sequence[object] = ()) -> tuple[list[ColumnInfo], list[tuple]]:
    """Run one catalog query; return its columns and all its rows (echoed first under ECHO_HIDDEN)."""
    _echo_hidden(ctx, sql, params)
    try:
        result = ctx.driver.execute(sql, list(params) if params else None)
        rows = [row for batch in result.batches() for row in batch]
        result.close()
    except DatabaseError as err:
        raise server_error(ctx, err, sql) from None
    return list(result.columns), rows


def listing(columns: Sequence[ColumnInfo], rows: list[tuple], *, title: str, footer: str | None = None,
            row_count: bool = True) -> StaticResult:
    """A describe result as psql shows one: NULL blank whatever ``\\pset null`` says, booleans t/f."""
    if any(v is None or v is True or v is False for row in rows for v in row):
        rows = [tuple("" if v is None else ("t" if v else "f") if isinstance(v, bool) else v for v in row)
                for row in rows]
    return StaticResult(columns, rows, title=title, footer=footer, row_count=row_count)


def show_query(ctx: CommandContext, sql: str, params: Sequence[object] = (), *, title: str,
               footer: str | None = None) -> list[tuple]:
    """Run a catalog query and show its rows as a table titled ``title``; return the rows."""
    columns, rows = fetch(ctx, sql, params)
    ctx.show(listing(columns, rows, title=title, footer=footer))
    return rows


def text_columns(*names: str) -> list[ColumnInfo]:
    """Text columns named ``names`` (for tables we build row by row)."""
    return [ColumnInfo(name, "text", "text") for name in names]


_versions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def server_version_num(ctx: CommandContext) -> int:
    """The server's version as a number (150004 for 15.4), to pick catalog queries that exist.

    Asked once per connection (a driver object); ``\\c`` makes a new driver, so a new question.
    """
    try:
        return _versions[ctx.driver]
    except (KeyError, TypeError):
        pass
    _, rows = fetch(ctx, "SELECT pg_catalog.current_setting('server_version_num')::int")
    version = int(rows[0][0])
    try:
        _versions[ctx.driver] = version
    except TypeError:
        pass  # a driver that cannot be weakly referenced is simply asked each time
    return version
