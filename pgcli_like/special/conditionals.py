"""psql's conditional blocks: ``\\if EXPR`` … ``\\elif EXPR`` … ``\\else`` … ``\\endif``.

Inside a branch that is not taken, every line — SQL and special commands alike — is
skipped, except the conditional commands themselves (which keep nesting right). The
registry does the skipping: while a branch is inactive, ``is_special`` claims every line
and ``run_special`` drops it, so the session needs no knowledge of conditionals.

The state is one stack per process (a process runs one SQL session); ``reset`` clears it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.command import Invocation, command
from pgcli_like.special.variables import parse_bool

CONDITIONAL_COMMANDS = frozenset({"\\if", "\\elif", "\\else", "\\endif"})


@dataclass(slots=True)
class _Block:
    running: bool  # the current branch runs
    taken: bool  # some branch of this block has run (or the whole block is skipped)
    seen_else: bool = False


_stack: list[_Block] = []


def skipping() -> bool:
    """True while the innermost conditional branch is not being run."""
    return bool(_stack) and not _stack[-1].running


def reset() -> None:
    """Forget every open conditional block (a new script, or a test)."""
    _stack.clear()


def open_blocks() -> int:
    """How many ``\\if`` blocks are open (a script ending with some open is an error in psql)."""
    return len(_stack)


UNCLOSED = "reached EOF without finding closing \\endif(s)"


@dataclass(slots=True)
class ScriptScope:
    """What ``script_scope`` found when its script ended."""

    left_open: int = 0  # \\if blocks the script opened and never closed (dropped, as psql does)


@contextmanager
def script_scope() -> Iterator[ScriptScope]:
    """A script (``\\i`` file, ``-f``, each ``-c``, stdin) has \\if blocks of its own, as in psql.

    The caller's blocks are set aside while it runs and come back after, so a file can
    neither close the caller's \\if nor leave one open that would skip the caller's
    next lines. ``left_open`` tells the caller to report ``UNCLOSED``.
    """
    scope = ScriptScope()
    saved = list(_stack)
    _stack.clear()
    try:
        yield scope
    finally:
        scope.left_open = len(_stack)
        _stack[:] = saved


def _truth(inv: Invocation) -> bool:
    text = " ".join(inv.args)
    if not text.strip():
        raise inv.usage_error("missing expression")
    value = parse_bool(text)
    if value is None:
        raise CommandError(f'unrecognized value "{text}" for "{inv.command.name} expression": Boolean expected')
    return value


@command("\\if", usage="\\if EXPR", description="begin a conditional block", group="Conditionals",
         arg_kinds=("variable",),
         help="EXPR is a boolean after variable interpolation: \\if :is_prod … \\endif. The lines\n"
              "of a branch not taken (SQL and commands) are skipped.")
def if_(ctx: CommandContext, inv: Invocation) -> None:
    if skipping():
        _stack.append(_Block(running=False, taken=True))  # nested in a skipped branch: skip it all
        return
    if not inv.args:
        raise inv.usage_error("missing expression")
    try:
        value = _truth(inv)
    except CommandError:
        _stack.append(_Block(running=False, taken=False))  # psql treats a bad expression as false
        raise
    _stack.append(_Block(running=value, taken=value))


@command("\\elif", usage="\\elif EXPR", description="alternative within the current conditional block",
         group="Conditionals", arg_kinds=("variable",))
def elif_(ctx: CommandContext, inv: Invocation) -> None:
    if not _stack:
        raise CommandError("\\elif: no matching \\if")
    block = _stack[-1]
    if block.seen_else:
        raise CommandError("\\elif: cannot occur after \\else")
    if block.taken:
        block.running = False
        return
    block.running = _truth(inv)
    block.taken = block.running


@command("\\else", usage="\\else", description="final alternative within the current conditional block",
         group="Conditionals", max_args=0)
def else_(ctx: CommandContext, inv: Invocation) -> None:
    if not _stack:
        raise CommandError("\\else: no matching \\if")
    block = _stack[-1]
    if block.seen_else:
        raise CommandError("\\else: cannot occur after \\else")
    block.seen_else = True
    block.running = not block.taken
    block.taken = True


@command("\\endif", usage="\\endif", description="end the current conditional block", group="Conditionals",
         max_args=0)
def endif(ctx: CommandContext, inv: Invocation) -> None:
    if not _stack:
        raise CommandError("\\endif: no matching \\if")
    _stack.pop()
