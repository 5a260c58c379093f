"""The conditional commands ``\\if``, ``\\elif``, ``\\else`` and ``\\endif`` (their state and the
skipping rules are in ``conditionals``)."""

from __future__ import annotations

from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.command import Invocation, command
from pgcli_like.special.conditionals import _Block, _stack, skipping
from pgcli_like.special.variables import parse_bool


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
