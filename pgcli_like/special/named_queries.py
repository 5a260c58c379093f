"""Named queries: ``\\ns NAME QUERY`` saves, ``\\n NAME [ARGS…]`` runs, ``\\n`` lists, ``\\nd NAME`` deletes.

They live in the ``[named_queries]`` section of the config file (written through the
session's ``config_store``), so they survive restarts and are shared by every engine.
In the query, ``$1 … $n`` are the arguments, ``$*`` all of them joined by ", " and ``$@``
all of them as quoted literals joined by ", ".
"""

from __future__ import annotations

import fnmatch
import re

from pgcli_like.drivers.base import ColumnInfo, StaticResult
from pgcli_like.special.base import CommandContext, CommandError, run_checked
from pgcli_like.special.command import Invocation, command
from pgcli_like.special.variables import quote_literal

SECTION = "named_queries"
_NAME = re.compile(r"[A-Za-z0-9_.-]+\Z")
_PLACEHOLDER = re.compile(r"\$(\d+|\*|@)")


def load_named_queries() -> dict[str, str]:
    """The saved named queries, by name (read from the config file each time)."""
    from shellkit.config import load_config

    return {str(k): str(v) for k, v in load_config().section(SECTION).items()}


def substitute(query: str, args: list[str], engine: str = "postgresql") -> str:
    """Put ``args`` into ``$1 … $n``, ``$*`` and ``$@``; CommandError if one is missing."""
    needed = max((int(m.group(1)) for m in _PLACEHOLDER.finditer(query) if m.group(1).isdigit()), default=0)
    if needed > len(args):
        raise CommandError(f"this named query needs {needed} argument(s), {len(args)} given")

    def replace(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "*":
            return ", ".join(args)
        if key == "@":
            return ", ".join(quote_literal(a, engine) for a in args)
        return args[int(key) - 1]

    return _PLACEHOLDER.sub(replace, query)


@command("\\n", usage="\\n [NAME [ARGS …]]", description="run a named query (\\n alone lists them)",
         group="Named queries", arg_kinds=("named_query", "text"), modifiers="+",
         help="$1 … $n in the saved query are replaced by the arguments, $* by all of them\n"
              "joined with commas, $@ by all of them as quoted literals.")
def run_named(ctx: CommandContext, inv: Invocation) -> None:
    queries = load_named_queries()
    if not inv.args:
        _show_list(ctx, queries, "*")
        return
    name, *args = inv.args
    if name not in queries:
        raise CommandError(f"no named query {name!r} (\\n lists them)")
    run_checked(ctx, substitute(queries[name], args, ctx.driver.engine))


@command("\\np", usage="\\np [PATTERN]", description="list named queries whose names match PATTERN",
         group="Named queries", arg_kinds=("named_query",), max_args=1)
def print_named(ctx: CommandContext, inv: Invocation) -> None:
    _show_list(ctx, load_named_queries(), inv.args[0] if inv.args else "*")


def _show_list(ctx: CommandContext, queries: dict[str, str], pattern: str) -> None:
    rows = [(name, q) for name, q in sorted(queries.items()) if fnmatch.fnmatchcase(name, pattern)]
    ctx.show(StaticResult([ColumnInfo("Name", "text", "text"), ColumnInfo("Query", "text", "text")], rows,
                          title="Named queries"))


@command("\\ns", usage="\\ns NAME QUERY", description="save a query under a name", group="Named queries",
         arg_kinds=("named_query", "sql"), raw=True)
def save_named(ctx: CommandContext, inv: Invocation) -> None:
    name, _, query = inv.arg_text.strip().partition(" ")
    query = query.strip()
    if not name or not query:
        raise inv.usage_error("missing argument")
    if not _NAME.match(name):
        raise inv.usage_error(f"invalid name {name!r} (letters, digits, _ . -)")
    queries = load_named_queries()
    queries[name] = query
    _store(ctx, queries)
    ctx.echo(f"Saved {name}.")


@command("\\nd", usage="\\nd NAME", description="delete a named query", group="Named queries",
         arg_kinds=("named_query",), min_args=1, max_args=1)
def delete_named(ctx: CommandContext, inv: Invocation) -> None:
    name = inv.args[0]
    queries = load_named_queries()
    if queries.pop(name, None) is None:
        raise CommandError(f"no named query {name!r}")
    _store(ctx, queries)
    ctx.echo(f"Deleted {name}.")


def _store(ctx: CommandContext, queries: dict[str, str]) -> None:
    from shellkit.config import ConfigError

    try:
        ctx.config_store(SECTION, queries)
    except (ConfigError, OSError) as err:
        raise CommandError(f"cannot save named queries: {err}") from None
