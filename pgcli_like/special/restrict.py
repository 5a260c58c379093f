"""psql's restricted mode: ``\\restrict KEY`` … ``\\unrestrict KEY``.

pg_dump (since PostgreSQL 17.6/16.10/15.14/…) wraps its output in these so that a dump
from a malicious server cannot run client-side commands (``\\!``, ``\\o |…``, ``\\copy …
PROGRAM``) while it is restored. In between, every backslash command except
``\\unrestrict`` with the same key is refused; SQL runs as usual.

The state is one per process, like the conditionals' stack.
"""

from __future__ import annotations

from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.command import Invocation, command

REFUSED = "backslash commands are restricted; only \\unrestrict is allowed"
_key: list[str] = []  # the key in force; empty when not restricted


def check_allowed(name: str) -> None:
    """Raise CommandError unless command ``name`` may run now."""
    if _key and name != "\\unrestrict":
        raise CommandError(REFUSED)


def reset() -> None:
    """Leave restricted mode (tests)."""
    _key.clear()


@command("\\restrict", usage="\\restrict KEY", description="refuse backslash commands until \\unrestrict KEY",
         group="General", min_args=1, max_args=1,
         help="pg_dump writes this at the top of a dump (and \\unrestrict KEY at the end) so that a\n"
              "dump cannot run client-side commands; SQL still runs.")
def restrict(ctx: CommandContext, inv: Invocation) -> None:
    _key[:] = [inv.args[0]]


@command("\\unrestrict", usage="\\unrestrict KEY", description="leave restricted mode", group="General",
         min_args=1, max_args=1)
def unrestrict(ctx: CommandContext, inv: Invocation) -> None:
    if not _key:
        raise CommandError("\\unrestrict: not currently in restricted mode")
    if inv.args[0] != _key[0]:
        raise CommandError("\\unrestrict: wrong key")
    _key.clear()
