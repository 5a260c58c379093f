"""The variable commands ``\\set``, ``\\unset`` and ``\\prompt`` (interpolation and the value
rules are in ``variables``)."""

from __future__ import annotations

from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.command import Invocation, command
from pgcli_like.special.variables import _NAME, quote_literal


@command("\\set", usage="\\set [NAME [VALUE …]]", description="set a variable, or list them all",
         group="Variables", arg_kinds=("variable",),
         help="\\set alone lists the variables. \\set NAME VALUE sets one; several values are\n"
              "joined without spaces, as in psql. Use it in SQL as :NAME, :'NAME' (a quoted\n"
              "literal) or :\"NAME\" (a quoted identifier). ON_ERROR_STOP=on makes scripts stop\n"
              "at the first error.")
def set_variable(ctx: CommandContext, inv: Invocation) -> None:
    args = inv.args
    if not args:
        for name in sorted(ctx.variables):
            ctx.echo(f"{name} = {quote_literal(ctx.variables[name])}")
        return
    name = args[0]
    if not _NAME.match(name):
        raise inv.usage_error(f"invalid variable name {name!r}")
    ctx.variables[name] = "".join(args[1:])


@command("\\unset", usage="\\unset NAME", description="delete a variable", group="Variables",
         arg_kinds=("variable",), min_args=1, max_args=1)
def unset_variable(ctx: CommandContext, inv: Invocation) -> None:
    ctx.variables.pop(inv.args[0], None)


@command("\\prompt", usage="\\prompt [TEXT] NAME", description="ask the user for a variable's value",
         group="Variables", arg_kinds=("text", "variable"), min_args=1, max_args=2,
         help="Reads one line from the terminal (or standard input) into variable NAME.")
def prompt_variable(ctx: CommandContext, inv: Invocation) -> None:
    args = inv.args
    text, name = (args[0], args[1]) if len(args) == 2 else ("", args[0])
    if not _NAME.match(name):
        raise inv.usage_error(f"invalid variable name {name!r}")
    try:
        value = input(text)
    except EOFError:
        raise CommandError(f"\\prompt: no input for {name}") from None
    ctx.variables[name] = value
